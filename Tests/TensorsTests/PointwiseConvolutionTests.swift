import Testing
@testable import Tensors

/// 1x1 convolutions in blocks of pixels across cores, against one product per image.
@Suite struct PointwiseConvolutionTests {
    /// (input shape, output channels): one block, a partial last block, six blocks over four
    /// images (enc2's shortcut at 128x96), a single pixel.
    static let cases: [([Int], Int)] = [
        ([2, 4, 4, 5], 3),
        ([3, 5, 20, 40], 7),
        ([4, 16, 48, 64], 32),
        ([1, 3, 1, 1], 2),
    ]

    @Test(arguments: cases)
    func matchesOneProductPerImage(_ inputShape: [Int], _ outputChannels: Int) {
        let weightShape = [outputChannels, inputShape[1], 1, 1]
        func run(_ algorithm: ConvolutionAlgorithm) -> [[Float]] {
            ConvFixtures.resultsAndGradients(input: inputShape, weight: weightShape, stride: 1, padding: 0, algorithm: algorithm, seed: 71)
        }
        ConvFixtures.expectResultsMatch(run(.automatic), run(.im2col), scaledByLargest: true)
    }

    @Test func withoutBiasMatchesOneProductPerImage() {
        let x = ConvFixtures.random([2, 6, 30, 30], seed: 81)
        let weight = ConvFixtures.random([5, 6, 1, 1], seed: 82)
        let blocked = conv2d(x, weight: weight, bias: nil, padding: 0)
        let reference = conv2d(x, weight: weight, bias: nil, padding: 0, algorithm: .im2col)
        #expect(ConvFixtures.maximumDifference(blocked, reference) < 1e-5)
    }

    /// 600 pixels: two blocks, the second partial.
    @Test func gradientsMatchFiniteDifferences() {
        let worst = ConvFixtures.worstGradientDiscrepancy(input: [2, 2, 1, 600], weight: [3, 2, 1, 1], padding: 0, seed: 91)
        #expect(worst.relativeError < 5e-3, "\(worst)")
    }

    /// Only the parameters need gradients (a constant input), then only the input.
    @Test func computesOnlyTheGradientsAsked() {
        let shape = [3, 4, 24, 32], weightShape = [6, 4, 1, 1]
        let constantInput = ConvFixtures.random(shape, seed: 101)
        let weight = ConvFixtures.random(weightShape, seed: 102, requiresGradient: true)
        let bias = ConvFixtures.random([6], seed: 103, requiresGradient: true)
        conv2d(constantInput, weight: weight, bias: bias, padding: 0).sum().backward()
        let referenceWeight = ConvFixtures.random(weightShape, seed: 102, requiresGradient: true)
        let referenceBias = ConvFixtures.random([6], seed: 103, requiresGradient: true)
        conv2d(constantInput, weight: referenceWeight, bias: referenceBias, padding: 0, algorithm: .im2col).sum().backward()
        #expect(constantInput.gradient == nil)
        #expect(ConvFixtures.maximumDifference(weight.gradient!, referenceWeight.gradient!) < 1e-2)
        #expect(ConvFixtures.maximumDifference(bias.gradient!, referenceBias.gradient!) < 1e-2)

        let input = ConvFixtures.random(shape, seed: 104, requiresGradient: true)
        let constantWeight = ConvFixtures.random(weightShape, seed: 105)
        conv2d(input, weight: constantWeight, bias: nil, padding: 0).sum().backward()
        let referenceInput = ConvFixtures.random(shape, seed: 104, requiresGradient: true)
        conv2d(referenceInput, weight: constantWeight, bias: nil, padding: 0, algorithm: .im2col).sum().backward()
        #expect(ConvFixtures.maximumDifference(input.gradient!, referenceInput.gradient!) < 1e-5)
    }

    @Test func sameInputGivesBitIdenticalResults() {
        func run() -> [[Float]] {
            ConvFixtures.resultsAndGradients(input: [4, 16, 48, 64], weight: [32, 16, 1, 1], stride: 1, padding: 0,
                                             algorithm: .automatic, seed: 111)
        }
        #expect(run() == run())
    }

    @Test func blocksCoverEveryPixelOnce() {
        let shape = PointwiseConvolution.Shape(batch: 3, channels: 2, outputChannels: 2, pixels: 1100)
        #expect(shape.blockCount == 9)
        var seen = [[Int]](repeating: [Int](repeating: 0, count: 1100), count: 3)
        for index in 0..<shape.blockCount {
            let (image, pixels) = shape.block(index)
            #expect(pixels.count <= PointwiseConvolution.blockColumns)
            for pixel in pixels { seen[image][pixel] += 1 }
        }
        #expect(seen.allSatisfy { $0.allSatisfy { $0 == 1 } })
    }
}
