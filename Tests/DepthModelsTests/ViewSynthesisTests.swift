import Geometry
import Testing
import Tensors
@testable import DepthModels

@Suite struct ViewSynthesisTests {
    let camera = Intrinsics(fx: 40, fy: 40, cx: 15.5, cy: 11.5, width: 32, height: 24)

    /// A smooth horizontal ramp with vertical variation: [1, 3, 24, 32].
    func rampImage() -> Tensor {
        var values: [Float] = []
        for channel in 0..<3 {
            for v in 0..<24 { for u in 0..<32 { values.append(Float(u) / 31 * 0.8 + Float(v % 4) * 0.02 + Float(channel) * 0.05) } }
        }
        return Tensor(shape: [1, 3, 24, 32], values: values)
    }

    @Test func identityMotionReproducesTheSource() {
        let source = rampImage()
        let warp = ViewSynthesis(intrinsics: camera).warp(
            source: source, depth: Tensor(repeating: 2, shape: [1, 1, 24, 32]), motion: Tensor.zeros([1, 6]))
        let worst = zip(warp.image.values, source.values).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-5)
        #expect(warp.valid.values.allSatisfy { $0 == 1 })
    }

    @Test func sidewaysTranslationShiftsByFocalTimesBaselineOverDepth() {
        // Target points move by t = (+0.1, 0, 0) into the source frame at depth 2 m: a target
        // pixel u lands at u + fx·0.1/2 = u + 2 in the source.
        let source = rampImage()
        let motion = Tensor(shape: [1, 6], values: [0, 0, 0, 0.1, 0, 0])
        let warp = ViewSynthesis(intrinsics: camera).warp(
            source: source, depth: Tensor(repeating: 2, shape: [1, 1, 24, 32]), motion: motion)
        for v in [3, 12, 20] {
            for u in [0, 10, 28] {
                let warped = warp.image.values[v * 32 + u], expected = source.values[v * 32 + u + 2]
                #expect(abs(warped - expected) < 1e-5, "pixel (\(u), \(v))")
            }
            // the last two columns land outside the source
            #expect(warp.valid.values[v * 32 + 31] == 0 && warp.valid.values[v * 32 + 29] == 1)
        }
    }

    @Test func photometricErrorIsZeroForIdenticalImagesAndPositiveOtherwise() {
        let image = rampImage()
        #expect(photometricError(image, image).values.allSatisfy { abs($0) < 1e-6 })
        let darker = image * 0.5
        #expect(photometricError(image, darker).mean().scalar > 0.05)
    }
}
