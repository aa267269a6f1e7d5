import Foundation
import Geometry
import Testing
import Tensors
@testable import DepthModels

/// Horizontal flips must keep a triplet's geometry valid: images, intrinsics and motions
/// mirrored together describe the mirrored world.
@Suite struct AugmentationTests {
    @Test func warpingTheMirroredTripletMirrorsTheWarp() {
        let camera = Intrinsics(fx: 40, fy: 42, cx: 30.2, cy: 15.5, width: 64, height: 32)
        var generator = SplitMix64(seed: 3)
        let source = Tensor(shape: [1, 3, 32, 64], values: (0..<(3 * 32 * 64)).map { index in
            let u = Float(index % 64), v = Float(index / 64 % 32)
            return 0.5 + 0.3 * sin(u / 4 + Float(index / 2048)) * cos(v / 5)
        })
        let depth = Tensor(shape: [1, 1, 32, 64], values: (0..<(32 * 64)).map { _ in generator.nextFloat(in: 2...4) })
        let motion = Tensor(shape: [1, 6], values: [0.02, -0.05, 0.03, 0.1, -0.02, 0.05])
        let warped = ViewSynthesis(intrinsics: camera).warp(source: source, depth: depth, motion: motion).image
        let mirrored = ViewSynthesis(intrinsics: camera.flippedHorizontally).warp(
            source: Augmentation.flipHorizontally([source])[0], depth: Augmentation.flipHorizontally([depth])[0],
            motion: Augmentation.flipMotionsHorizontally(motion)).image
        let expected = Augmentation.flipHorizontally([warped])[0].values
        let largest = zip(mirrored.values, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(largest < 1e-4, "largest difference \(largest)")
    }
}
