import Testing
@testable import Tensors

/// 1x1 convolutions in blocks of pixels across cores, against one product per image.
@Suite struct PointwiseConvolutionTests {
    /// (input shape, output channels): one block with channel counts off the kernels' 4-channel
    /// tile (gemm), a partial last block (gemm), six and a half blocks over four images in whole
    /// tiles (enc2's shortcut at 128x96: direct kernels), channels in whole tiles with a partial
    /// last tile in every block (direct), a single pixel (gemm; direct for 4 → 8).
    static let cases: [([Int], Int)] = [
        ([2, 4, 4, 5], 3),
        ([3, 5, 20, 40], 7),
        ([4, 16, 48, 64], 32),
        ([2, 8, 13, 77], 12),
        ([1, 3, 1, 1], 2),
        ([2, 4, 1, 1], 8),
    ]

    /// The kernels the 1x1 convolutions can run on this CPU (`.automatic`: the widest).
    static let algorithms: [ConvolutionAlgorithm] = [.automatic] + (CPUFeatures.hasAVX512 ? [.automaticAVX2] : [])

    @Test(arguments: cases, algorithms)
    func matchesOneProductPerImage(_ testCase: ([Int], Int), _ algorithm: ConvolutionAlgorithm) {
        let (inputShape, outputChannels) = testCase
        let weightShape = [outputChannels, inputShape[1], 1, 1]
        func run(_ algorithm: ConvolutionAlgorithm) -> [[Float]] {
            ConvFixtures.resultsAndGradients(input: inputShape, weight: weightShape, stride: 1, padding: 0, algorithm: algorithm, seed: 71)
        }
        ConvFixtures.expectResultsMatch(run(algorithm), run(.im2col), scaledByLargest: true)
    }

    /// The shortcut shapes with few channels on one side run on the direct kernels where the CPU
    /// has them; channel counts off the tiles, and many channels on both sides, on gemm.
    @Test func directKernelsTakeWholeTilesOfChannels() {
        let kernels = DirectConvolution.vectorKernels(for: .automatic)
        #expect((kernels != nil) == CPUFeatures.hasAVX2AndFMA)
        let shortcut = PointwiseConvolution.Shape(batch: 4, channels: 16, outputChannels: 32, pixels: 3072)
        #expect((PointwiseConvolution.directKernels(shortcut, kernels) != nil) == (kernels != nil))
        for (channels, outputChannels) in [(5, 8), (8, 6), (3, 2), (64, 64)] {
            let shape = PointwiseConvolution.Shape(batch: 1, channels: channels, outputChannels: outputChannels, pixels: 100)
            #expect(PointwiseConvolution.directKernels(shape, kernels) == nil)
        }
        #expect(DirectConvolution.vectorKernels(for: .im2col) == nil)
    }

    /// With gemm (6 → 5 channels) and the direct kernels (8 → 4).
    @Test(arguments: [(6, 5), (8, 4)])
    func withoutBiasMatchesOneProductPerImage(_ channels: Int, _ outputChannels: Int) {
        let x = ConvFixtures.random([2, channels, 30, 30], seed: 81)
        let weight = ConvFixtures.random([outputChannels, channels, 1, 1], seed: 82)
        let blocked = conv2d(x, weight: weight, bias: nil, padding: 0)
        let reference = conv2d(x, weight: weight, bias: nil, padding: 0, algorithm: .im2col)
        #expect(ConvFixtures.maximumDifference(blocked, reference) < 1e-5)
    }

    /// 600 pixels: two blocks, the second partial; gemm (2 → 3 channels) and the direct kernels
    /// (4 → 4).
    @Test(arguments: [(2, 3), (4, 4)])
    func gradientsMatchFiniteDifferences(_ channels: Int, _ outputChannels: Int) {
        let worst = ConvFixtures.worstGradientDiscrepancy(input: [2, channels, 1, 600], weight: [outputChannels, channels, 1, 1],
                                                          padding: 0, seed: 91)
        #expect(worst.relativeError < 5e-3, "\(worst)")
    }

    /// Only the parameters need gradients (a constant input), then only the input; with gemm
    /// (6 outputs) and with the direct kernels (8).
    @Test(arguments: [6, 8])
    func computesOnlyTheGradientsAsked(_ outputChannels: Int) {
        let shape = [3, 4, 24, 32], weightShape = [outputChannels, 4, 1, 1]
        let constantInput = ConvFixtures.random(shape, seed: 101)
        let weight = ConvFixtures.random(weightShape, seed: 102, requiresGradient: true)
        let bias = ConvFixtures.random([outputChannels], seed: 103, requiresGradient: true)
        conv2d(constantInput, weight: weight, bias: bias, padding: 0).sum().backward()
        let referenceWeight = ConvFixtures.random(weightShape, seed: 102, requiresGradient: true)
        let referenceBias = ConvFixtures.random([outputChannels], seed: 103, requiresGradient: true)
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

    /// Gradients add onto what is there (the input gradient starts from the existing values):
    /// two passes without zeroing give twice one pass; direct kernels (8 → 4) and gemm (6 → 5).
    @Test(arguments: [(8, 4), (6, 5)])
    func gradientsAccumulateAcrossPasses(_ channels: Int, _ outputChannels: Int) {
        let x = ConvFixtures.random([2, channels, 20, 31], seed: 131, requiresGradient: true)
        let weight = ConvFixtures.random([outputChannels, channels, 1, 1], seed: 132, requiresGradient: true)
        let bias = ConvFixtures.random([outputChannels], seed: 133, requiresGradient: true)
        func pass() { (conv2d(x, weight: weight, bias: bias, padding: 0) * conv2d(x, weight: weight, bias: nil, padding: 0)).sum().backward() }
        pass()
        let once = [x.gradient!.values, weight.gradient!.values, bias.gradient!.values]
        pass()
        let twice = [x.gradient!.values, weight.gradient!.values, bias.gradient!.values]
        for (first, second) in zip(once, twice) {
            let worst = zip(first, second).map { abs(2 * $0 - $1) / max(1, abs($1)) }.max()!
            #expect(worst < 1e-5)
        }
    }

    /// The direct kernels (16 → 32) and gemm (15 → 30).
    @Test(arguments: [16, 15])
    func sameInputGivesBitIdenticalResults(_ channels: Int) {
        func run() -> [[Float]] {
            ConvFixtures.resultsAndGradients(input: [4, channels, 48, 64], weight: [2 * channels, channels, 1, 1], stride: 1,
                                             padding: 0, algorithm: .automatic, seed: 111)
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
