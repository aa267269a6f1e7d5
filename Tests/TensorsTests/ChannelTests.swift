import Testing
import TestSupport
@testable import Tensors

@Suite struct ChannelTests {
    @Test func concatenationStacksChannelsInOrder() {
        let a = Tensor(shape: [2, 1, 1, 2], values: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 2, 1, 2], values: [5, 6, 7, 8, 9, 10, 11, 12])
        let y = concatChannels([a, b])
        #expect(y.shape == [2, 3, 1, 2])
        #expect(y.values == [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12])
    }

    @Test func concatenationGradientsMatchFiniteDifferences() {
        let a = ConvFixtures.random([2, 2, 3, 2], seed: 31, requiresGradient: true)
        let b = ConvFixtures.random([2, 1, 3, 2], seed: 32, requiresGradient: true)
        let c = ConvFixtures.random([2, 3, 3, 2], seed: 33, requiresGradient: true)
        let worst = checkGradients(of: { concatChannels($0) }, at: [a, b, c])
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }

    @Test func pixelShufflesMatchPyTorch() {
        let unshuffled = ConvFixtures.tensor("unshuffle.input").pixelUnshuffle(2)
        #expect(unshuffled.shape == [2, 12, 2, 3])
        #expect(unshuffled.values == ConvFixtures.tensor("unshuffle.output").values)
        let shuffled = ConvFixtures.tensor("shuffle.input").pixelShuffle(2)
        #expect(shuffled.shape == [1, 2, 6, 8])
        #expect(shuffled.values == ConvFixtures.tensor("shuffle.output").values)
    }

    @Test(arguments: [2, 3])
    func pixelShuffleInvertsUnshuffle(_ factor: Int) {
        let x = ConvFixtures.random([2, 3, 6, 12], seed: 34)
        #expect(x.pixelUnshuffle(factor).pixelShuffle(factor).values == x.values)
    }

    @Test func pixelShuffleGradientsMatchFiniteDifferences() {
        let x = ConvFixtures.random([1, 2, 4, 6], seed: 35, requiresGradient: true)
        #expect(checkGradients(of: { $0[0].pixelUnshuffle(2) }, at: [x]).relativeError < 1e-3)
        let y = ConvFixtures.random([1, 8, 2, 3], seed: 36, requiresGradient: true)
        #expect(checkGradients(of: { $0[0].pixelShuffle(2) }, at: [y]).relativeError < 1e-3)
    }

    @Test func upsamplingMatchesPyTorch() {
        let nearest = ConvFixtures.tensor("nearest.input").upsampleNearest2x()
        #expect(nearest.values == ConvFixtures.tensor("nearest.output").values)
        let bilinear = ConvFixtures.tensor("bilinear.input").upsampleBilinear2x()
        #expect(ConvFixtures.maximumDifference(bilinear, ConvFixtures.tensor("bilinear.output")) < 1e-6)
    }

    @Test func upsamplingGradientsMatchFiniteDifferences() {
        let x = ConvFixtures.random([2, 2, 3, 4], seed: 37, requiresGradient: true)
        let nearest = checkGradients(of: { $0[0].upsampleNearest2x() }, at: [x])
        #expect(nearest.relativeError < 1e-3, "\(nearest)")
        let bilinear = checkGradients(of: { $0[0].upsampleBilinear2x() }, at: [x])
        #expect(bilinear.relativeError < 1e-3, "\(bilinear)")
    }
}
