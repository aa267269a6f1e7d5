import Geometry
import Tensors

/// Warps a source image into the target view (Zhou et al. 2017; Monodepth2; PackNet-SfM §3):
/// back-project every target pixel with its predicted depth, move it with T_source←target,
/// project it with the intrinsics and bilinearly sample the source image there.
public struct ViewSynthesis {
    /// Intrinsics at the resolution of the images being warped.
    public let intrinsics: Intrinsics
    /// K⁻¹·[u, v, 1] for every target pixel centre: [1, 3, H·W].
    private let rays: Tensor

    /// A warper for images of `intrinsics.width × intrinsics.height`.
    public init(intrinsics: Intrinsics) {
        self.intrinsics = intrinsics
        let width = intrinsics.width, height = intrinsics.height
        var values = [Float](repeating: 1, count: 3 * width * height)
        for v in 0..<height {
            for u in 0..<width {
                let index = v * width + u
                values[index] = Float((Double(u) - intrinsics.cx) / intrinsics.fx)
                values[width * height + index] = Float((Double(v) - intrinsics.cy) / intrinsics.fy)
            }
        }
        rays = Tensor(shape: [1, 3, width * height], values: values)
    }

    /// The result of warping one source image into the target view.
    public struct Warp {
        /// The source image resampled at the target pixels: [N, C, H, W].
        public let image: Tensor
        /// 1 where the target pixel lands inside the source image in front of its camera, 0
        /// where it projects outside (those pixels carry no photometric evidence): [N, 1, H, W].
        public let valid: Tensor
    }

    /// Warps `source` [N, C, H, W] into the target view given the target's `depth` [N, 1, H, W]
    /// (metres) and `motion` [N, 6] (axis-angle and translation of T_source←target).
    public func warp(source: Tensor, depth: Tensor, motion: Tensor) -> Warp {
        let batch = depth.shape[0], height = intrinsics.height, width = intrinsics.width
        precondition(depth.shape == [batch, 1, height, width] && source.shape[0] == batch
                     && source.shape[2] == height && source.shape[3] == width && motion.shape == [batch, 6],
                     "warp: source \(source.shape), depth \(depth.shape), motion \(motion.shape) at \(width)x\(height)")
        let pixelCount = height * width
        let rotation = axisAngleToMatrix(motion.sliced(axis: 1, range: 0..<3))           // [N, 3, 3]
        let translation = motion.sliced(axis: 1, range: 3..<6).reshaped([batch, 3, 1])   // [N, 3, 1]
        let points = depth.reshaped([batch, 1, pixelCount]) * rays                        // [N, 3, HW] target frame
        let moved = batchedMatmul(rotation, points) + translation                         // [N, 3, HW] source frame
        let z = moved.sliced(axis: 1, range: 2..<3).clamped(min: 1e-3, max: nil)          // [N, 1, HW]
        let u = moved.sliced(axis: 1, range: 0..<1) / z * Float(intrinsics.fx) + Float(intrinsics.cx)
        let v = moved.sliced(axis: 1, range: 1..<2) / z * Float(intrinsics.fy) + Float(intrinsics.cy)
        // align_corners = True normalisation: −1 is the first pixel centre, +1 the last.
        let gridX = u * Float(2 / Double(width - 1)) - 1
        let gridY = v * Float(2 / Double(height - 1)) - 1
        let grid = concatenate([gridX, gridY], axis: 1)                                   // [N, 2, HW]
            .permuted([0, 2, 1]).reshaped([batch, height, width, 2])                      // [N, H, W, 2]
        let image = gridSample(source, grid: grid)                                        // [N, C, H, W]
        return Warp(image: image, valid: validity(grid: grid, depthInSource: moved))
    }

    /// 1 where the sampling position is inside the image and the point is in front of the source
    /// camera; a constant (no gradient).
    private func validity(grid: Tensor, depthInSource moved: Tensor) -> Tensor {
        let batch = grid.shape[0], pixelCount = intrinsics.width * intrinsics.height
        let g = grid.storage.pointer, m = moved.storage.pointer
        var values = [Float](repeating: 0, count: batch * pixelCount)
        for b in 0..<batch {
            for p in 0..<pixelCount {
                let x = g[(b * pixelCount + p) * 2], y = g[(b * pixelCount + p) * 2 + 1]
                let z = m[(b * 3 + 2) * pixelCount + p]
                values[b * pixelCount + p] = (abs(x) <= 1 && abs(y) <= 1 && z > 1e-3) ? 1 : 0
            }
        }
        return Tensor(shape: [batch, 1, intrinsics.height, intrinsics.width], values: values)
    }
}
