import Geometry
import Imaging

/// One frame of the ``PhotometricBundleAdjustment`` window: its brightness and gradients, its
/// pose, and the sparse points it hosts (textured pixels, each with an inverse depth that the
/// adjustment refines and the depth network's value as a prior).
public struct BundleFrame: Sendable {
    /// Pixel offsets of a point's brightness pattern around its centre (all share its depth).
    public static let pattern: [SIMD2<Double>] = [[0, 0], [2, 0], [-2, 0], [0, 2], [0, -2], [1, 1], [-1, -1], [1, -1], [-1, 1]]
    /// How far the pattern reaches from its centre, in pixels.
    public static let patternRadius = 2

    /// Its brightness and gradients.
    public let image: GradientImage
    public var cameraFromWorld: RigidTransform
    /// Per point: the ray through its pixel, `((u − cx) / fx, (v − cy) / fy, 1)`.
    public let bearings: [SIMD3<Double>]
    /// Per point: the depth network's inverse depth (the prior) and the current estimate.
    public let priors: [Double]
    public var inverseDepths: [Double]

    /// Per point, `pattern.count` values: the brightness of its pattern in this frame.
    public let references: [Float]

    /// Selects in every `blockSize`-pixel square the pixel with the strongest gradient, when it
    /// reaches `minimumGradient` (brightness per pixel) and has a depth.
    public init(gray: Image, depth: DepthMap, cameraFromWorld: RigidTransform, intrinsics: Intrinsics,
         blockSize: Int, minimumGradient: Float) {
        precondition(depth.width == gray.width && depth.height == gray.height,
                     "BundleFrame: image \(gray.width)x\(gray.height), depth \(depth.width)x\(depth.height)")
        image = GradientImage(gray: gray)
        self.cameraFromWorld = cameraFromWorld
        let margin = Self.patternRadius + 1
        var bearings: [SIMD3<Double>] = [], priors: [Double] = [], references: [Float] = []
        let width = gray.width, height = gray.height
        for blockY in stride(from: margin, to: height - margin, by: blockSize) {
            for blockX in stride(from: margin, to: width - margin, by: blockSize) {
                var best: (x: Int, y: Int, strength: Float)?
                for y in blockY..<min(blockY + blockSize, height - margin) {
                    for x in blockX..<min(blockX + blockSize, width - margin) where depth[x, y] > 0 {
                        let sample = image.samples[y * width + x]
                        let strength = (sample[1] * sample[1] + sample[2] * sample[2]).squareRoot()
                        if strength >= minimumGradient && strength > (best?.strength ?? 0) { best = (x, y, strength) }
                    }
                }
                guard let best else { continue }
                bearings.append([(Double(best.x) - intrinsics.cx) / intrinsics.fx, (Double(best.y) - intrinsics.cy) / intrinsics.fy, 1])
                priors.append(1 / Double(depth[best.x, best.y]))
                for offset in Self.pattern {
                    references.append(gray.pixels[(best.y + Int(offset.y)) * width + best.x + Int(offset.x)])
                }
            }
        }
        self.bearings = bearings
        self.priors = priors
        self.inverseDepths = priors
        self.references = references
    }

    /// The pattern's ray offsets from its centre's ray, `(dx / fx, dy / fy, 0)`, turned by
    /// `rotation` (into the camera a point is seen from): a pattern pixel of a point at inverse
    /// depth ρ sits at the centre's point plus its offset / ρ.
    @inlinable
    public static func patternRays(turnedBy rotation: Matrix3, intrinsics: Intrinsics) -> [SIMD3<Double>] {
        pattern.map { rotation * SIMD3($0.x / intrinsics.fx, $0.y / intrinsics.fy, 0) }
    }

    /// The robust (Huber) cost of a brightness residual of size `magnitude`, threshold `k`:
    /// quadratic inside, linear outside.
    @inlinable @inline(__always)
    public static func robustCost(_ magnitude: Double, threshold k: Double) -> Double {
        magnitude <= k ? magnitude * magnitude : 2 * k * magnitude - k * k
    }

    /// Number of hosted points.
    @inlinable public var pointCount: Int { bearings.count }
}
