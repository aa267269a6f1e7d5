import DepthModels
import Geometry
import Imaging
import Tensors

/// The per-frame reprojection error map of a reconstruction: each neighbour frame (the previous
/// and next selected frames) is warped into this frame with its depth and the relative pose
/// (``ViewSynthesis``), the ``photometricError(_:_:)`` of each warp is taken, and every pixel
/// keeps the minimum over the neighbours that see it (Monodepth2's occlusion handling). Pixels no
/// neighbour sees are "out of view": no photometric evidence supports their depth.
public struct ErrorMap: Sendable {
    /// The fixed range the colour map spans: 0 (blue) to 0.3 (dark red) on the turbo map. 0.3 is
    /// a poor match (SSIM-dominated errors of well-explained pixels stay below 0.1); larger errors
    /// saturate. Out-of-view pixels are drawn white (turbo itself starts near black).
    public static let colorRange: ClosedRange<Float> = 0...0.3

    /// Minimum photometric error per pixel, row-major; 0 where out of view.
    public let errors: [Float]
    /// Whether each pixel projects outside every neighbour (or no neighbour was given).
    public let outOfView: [Bool]
    /// Size in pixels.
    public let width: Int, height: Int

    /// The error map of a frame.
    ///
    /// - Parameters:
    ///   - image: the frame as the network saw it, [1, 3, H, W].
    ///   - depth: its depth in metres, at H × W.
    ///   - neighbours: each neighbour's image [1, 3, H, W] and the motion T_neighbour←frame (the
    ///     same scale as `depth`).
    ///   - intrinsics: at H × W.
    public init(image: Tensor, depth: DepthMap, neighbours: [(image: Tensor, neighbourFromFrame: RigidTransform)],
                intrinsics: Intrinsics) {
        width = depth.width; height = depth.height
        precondition(image.shape == [1, 3, height, width] && intrinsics.width == width && intrinsics.height == height,
                     "ErrorMap: image \(image.shape) vs depth \(width)x\(height) and intrinsics \(intrinsics.width)x\(intrinsics.height)")
        let count = width * height
        guard !neighbours.isEmpty else {
            errors = Array(repeating: 0, count: count); outOfView = Array(repeating: true, count: count)
            return
        }
        let synthesis = ViewSynthesis(intrinsics: intrinsics)
        let depthTensor = Tensor(shape: [1, 1, height, width], values: depth.depths)
        var minimum = [Float](repeating: .infinity, count: count)
        withoutGradients {
            for neighbour in neighbours {
                let motionTensor = Tensor(shape: [1, 6], values: neighbour.neighbourFromFrame.motionVector)
                let warp = synthesis.warp(source: neighbour.image, depth: depthTensor, motion: motionTensor)
                let error = photometricError(warp.image, image)                 // [1, 1, H, W]
                let e = error.storage.pointer, valid = warp.valid.storage.pointer
                for index in 0..<count where valid[index] > 0 && depth.depths[index] > 0 {
                    minimum[index] = min(minimum[index], e[index])
                }
            }
        }
        outOfView = minimum.map { !$0.isFinite }
        errors = minimum.map { $0.isFinite ? $0 : 0 }
    }

    /// Number of out-of-view pixels.
    public var outOfViewCount: Int { outOfView.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// Mean error over the pixels some neighbour sees, or `nil` when none does.
    public var meanError: Double? {
        let seen = errors.indices.filter { !outOfView[$0] }
        return seen.isEmpty ? nil : seen.reduce(0) { $0 + Double(errors[$1]) } / Double(seen.count)
    }

    /// The colour-mapped map for `error/<timestamp>.png`: turbo over ``colorRange``, white where
    /// out of view.
    public func colored() -> Image {
        ColorMap.turbo.render(zip(errors, outOfView).map { $1 ? .nan : $0 }, width: width, height: height,
                              range: Self.colorRange, invalid: SIMD3(1, 1, 1))
    }

    /// `depth` with the out-of-view pixels set to 0 (invalid), so that fusion skips them.
    public func maskingOutOfView(_ depth: DepthMap) -> DepthMap {
        var masked = depth
        for index in outOfView.indices where outOfView[index] { masked.depths[index] = 0 }
        return masked
    }
}
