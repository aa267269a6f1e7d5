/// A coloured point cloud, optionally with the per-point statistics of fusion.
///
/// All present arrays have one entry per point, in the same order.
public struct PointCloud: Equatable, Sendable {
    /// Point positions in metres (world frame).
    public var positions: [SIMD3<Float>]
    /// Point colours, 8-bit RGB.
    public var colors: [SIMD3<UInt8>]
    /// Number of frames that observed each point (confidence), when known.
    public var observationCounts: [UInt32]?
    /// Mean per-pixel error (e.g. photometric reprojection error) of the observations of each
    /// point, when known.
    public var meanErrors: [Float]?

    /// A cloud from its parts; every present array must have `positions.count` entries.
    public init(positions: [SIMD3<Float>], colors: [SIMD3<UInt8>],
                observationCounts: [UInt32]? = nil, meanErrors: [Float]? = nil) {
        precondition(colors.count == positions.count,
                     "PointCloud: \(positions.count) positions vs \(colors.count) colors")
        precondition(observationCounts.map { $0.count == positions.count } ?? true,
                     "PointCloud: \(positions.count) positions vs \(observationCounts?.count ?? 0) observation counts")
        precondition(meanErrors.map { $0.count == positions.count } ?? true,
                     "PointCloud: \(positions.count) positions vs \(meanErrors?.count ?? 0) mean errors")
        self.positions = positions
        self.colors = colors
        self.observationCounts = observationCounts
        self.meanErrors = meanErrors
    }

    /// The empty cloud.
    public static let empty = PointCloud(positions: [], colors: [])

    /// Number of points.
    public var count: Int { positions.count }
}
