import Foundation
import Testing
import Tensors
@testable import DepthModels

/// Test-time flip augmentation of ``DepthPredictor``.
@Suite struct DepthPredictorTests {
    let model: PackNetModel
    let input: Tensor

    init() throws {
        let fixture = Bundle.module.url(forResource: "tiny_packnet", withExtension: "safetensors", subdirectory: "Fixtures")!
        model = try PackNetModel(contentsOf: fixture)
        input = try SafeTensors.read(fixture).tensors["fixture.input"]!
    }

    func mirrored(_ tensor: Tensor) -> Tensor { Augmentation.flipHorizontally([tensor])[0] }

    /// Averaged depth is the harmonic mean (mean inverse depth) of the plain prediction and the
    /// mirrored image's prediction mirrored back; without averaging it is the plain prediction.
    @Test func averagedDepthIsTheMeanInverseDepthOfBothPredictions() {
        let plain = DepthPredictor(model: model)
        let averaged = DepthPredictor(model: model, averagesMirroredPrediction: true)
        let direct = plain.depth(input), back = mirrored(plain.depth(mirrored(input)))
        let expected = zip(direct.values, back.values).map { 2 / (1 / $0 + 1 / $1) }
        let actual = averaged.depth(input)
        #expect(actual.shape == direct.shape)
        #expect(zip(actual.values, expected).allSatisfy { abs($0 - $1) <= 1e-5 * $1 })
        #expect(zip(direct.values, back.values).contains { abs($0 - $1) > 1e-3 * $1 }, "the network is not symmetric: the test must see a difference")
        #expect(withoutGradients { model.depth.depth(fromSigmoid: model.depth(input)[0]) }.values == direct.values)
    }

    /// Mirroring the image mirrors the averaged depth exactly.
    @Test func averagedDepthIsMirrorEquivariant() {
        let predictor = DepthPredictor(model: model, averagesMirroredPrediction: true)
        let ofMirror = predictor.depth(mirrored(input)), mirrorOf = mirrored(predictor.depth(input))
        #expect(zip(ofMirror.values, mirrorOf.values).allSatisfy { abs($0 - $1) <= 1e-5 * $1 })
    }
}
