import Foundation
import Geometry

/// The floor plane and a 2D coordinate system on it: the frame of occupancy grids and paths.
///
/// `up` is the floor's unit normal pointing against gravity; a world point `p` lies
/// `dot(up, p) − height` above the floor. Floor coordinates (metres) are
/// `(dot(axisX, p), dot(axisY, p))`, with `axisX`, `axisY`, `up` orthonormal and right-handed,
/// so a map drawn with x to the right and y upwards is seen from above, not mirrored.
public struct FloorFrame: Equatable, Sendable {
    /// Unit normal of the floor, pointing up.
    public var up: SIMD3<Double>
    /// `dot(up, p)` for points `p` on the floor.
    public var height: Double
    /// Unit vectors spanning the floor: `axisY = cross(up, axisX)`.
    public var axisX: SIMD3<Double>, axisY: SIMD3<Double>

    /// A frame from its parts; `axisY` is derived from `up` and `axisX`.
    public init(up: SIMD3<Double>, height: Double, axisX: SIMD3<Double>) {
        self.up = up
        self.height = height
        self.axisX = axisX
        self.axisY = cross(up, axisX)
    }

    /// The floor coordinates of a world point (its projection onto the floor).
    public func floorCoordinates(_ point: SIMD3<Double>) -> SIMD2<Double> { SIMD2(dot(axisX, point), dot(axisY, point)) }

    /// How far a world point lies above the floor (negative below).
    public func heightAboveFloor(_ point: SIMD3<Double>) -> Double { dot(up, point) - height }

    /// The world point at floor coordinates `point`, `heightAboveFloor` metres above the floor.
    public func worldPoint(_ point: SIMD2<Double>, heightAboveFloor: Double = 0) -> SIMD3<Double> {
        axisX * point.x + axisY * point.y + up * (height + heightAboveFloor)
    }
}

/// Why no floor could be found.
public enum FloorEstimationError: Error, CustomStringConvertible, Equatable {
    /// No camera poses were given.
    case noCameras
    /// None of the points lies below the lowest camera.
    case noPointsBelowCameras(pointCount: Int)

    /// What went wrong, with the numbers involved.
    public var description: String {
        switch self {
        case .noCameras:
            return "cannot find the floor: no camera poses (gravity is taken from the cameras' average up direction)"
        case let .noPointsBelowCameras(pointCount):
            return "cannot find the floor: none of the \(pointCount) points lies below the lowest camera"
        }
    }
}

extension FloorFrame {
    /// Finds the floor of a fused cloud seen by cameras with poses `worldFromCamera`
    /// (camera x right, y down, z forward).
    ///
    /// Gravity: "up" is the cameras' average −y axis in world coordinates. Floor: the heights
    /// along up of the points below the lowest camera are histogrammed in `binSize` bins
    /// (counts summed over three neighbouring bins); the floor is the lowest local peak holding
    /// at least `peakFraction` of the highest one, so tables and shelves above it and sparse
    /// outliers below it are passed over. The plane is then refined twice by a least-squares fit
    /// (the normal is the smallest principal axis) of the points within 5 cm, then 3 cm, of it;
    /// the fitted normal replaces the camera up when the two are within 15°.
    /// `axisX` is the first camera's forward direction projected onto the floor (its x axis
    /// when it looks straight down).
    public static func estimate(positions: [SIMD3<Float>], worldFromCamera: [RigidTransform],
                                binSize: Double = 0.02, peakFraction: Double = 0.3) throws -> FloorFrame {
        guard let first = worldFromCamera.first else { throw FloorEstimationError.noCameras }
        var up = normalize(worldFromCamera.reduce(SIMD3<Double>.zero) { $0 - $1.rotation.column(1) })
        let lowestCamera = worldFromCamera.map { dot(up, $0.translation) }.min()!
        let heights = positions.map { dot(up, SIMD3<Double>($0)) }.filter { $0 < lowestCamera }
        guard let lowest = heights.min() else { throw FloorEstimationError.noPointsBelowCameras(pointCount: positions.count) }

        let binCount = Int((lowestCamera - lowest) / binSize) + 1
        var counts = [Int](repeating: 0, count: binCount)
        for height in heights { counts[min(binCount - 1, Int((height - lowest) / binSize))] += 1 }
        let smoothed = (0..<binCount).map { bin in counts[max(0, bin - 1)...min(binCount - 1, bin + 1)].reduce(0, +) }
        let strongest = smoothed.max()!
        let peak = (0..<binCount).first { bin in
            Double(smoothed[bin]) >= peakFraction * Double(strongest)
                && (bin == 0 || smoothed[bin] >= smoothed[bin - 1])
                && (bin == binCount - 1 || smoothed[bin] >= smoothed[bin + 1])
        }!
        var floorHeight = lowest + (Double(peak) + 0.5) * binSize

        for band in [0.05, 0.03] {
            let near = positions.map { SIMD3<Double>($0) }.filter { abs(dot(up, $0) - floorHeight) <= band }
            guard near.count >= 3 else { break }
            let (normal, centroid) = fitPlane(near)
            let oriented = dot(normal, up) < 0 ? -normal : normal
            if dot(oriented, up) > cos(15 * Double.pi / 180) { up = oriented }
            floorHeight = dot(up, centroid)
        }

        var forward = first.rotation.column(2)
        forward -= up * dot(up, forward)
        if length(forward) < 1e-3 {
            forward = first.rotation.column(0)
            forward -= up * dot(up, forward)
        }
        return FloorFrame(up: up, height: floorHeight, axisX: normalize(forward))
    }

    /// The least-squares plane through `points`: its unit normal (the covariance's smallest
    /// principal axis) and the centroid.
    private static func fitPlane(_ points: [SIMD3<Double>]) -> (normal: SIMD3<Double>, centroid: SIMD3<Double>) {
        let centroid = points.reduce(SIMD3<Double>.zero, +) / Double(points.count)
        var sums = [Double](repeating: 0, count: 6)
        for point in points {
            let d = point - centroid
            sums[0] += d.x * d.x; sums[1] += d.x * d.y; sums[2] += d.x * d.z
            sums[3] += d.y * d.y; sums[4] += d.y * d.z; sums[5] += d.z * d.z
        }
        let covariance = Matrix3(rows: [sums[0], sums[1], sums[2]], [sums[1], sums[3], sums[4]], [sums[2], sums[4], sums[5]])
        return (symmetricEigen(covariance).vectors.column(2), centroid)
    }
}
