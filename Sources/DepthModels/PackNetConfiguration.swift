/// The configuration of the PackNet-S depth and pose networks (shared/ARCHITECTURE.md,
/// `arch = "packnet-s"`). Serialised as the `config` metadata of the weights file.
public struct PackNetConfiguration: Codable, Equatable, Sendable {
    /// Depth encoder widths `[n0 ... n5]`.
    public var widths: [Int] = [16, 16, 32, 64, 96, 128]
    /// Residual blocks per encoder stage `[b2 ... b5]`.
    public var blocks: [Int] = [1, 1, 2, 2]
    /// Output channels `d` of the channel-axis Conv3d in packing and unpacking.
    public var d3d: Int = 2
    /// Pose encoder widths `[p0 ... p6]`.
    public var poseWidths: [Int] = [16, 32, 64, 128, 256, 256, 256]
    /// Depth range in metres mapped from the sigmoid.
    public var minDepth: Double = 0.1, maxDepth: Double = 20
    /// Training resolution (multiples of 32).
    public var inputHeight: Int = 96, inputWidth: Int = 128

    /// The defaults of ARCHITECTURE.md.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case widths, blocks, d3d
        case poseWidths = "pose_widths"
        case minDepth = "min_depth", maxDepth = "max_depth"
        case inputHeight = "input_height", inputWidth = "input_width"
    }
}
