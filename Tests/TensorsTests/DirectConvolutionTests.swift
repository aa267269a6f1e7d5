import Testing
@testable import Tensors

/// The direct stride-1 kernels (and stride-2 layers run on them) against the im2col + gemm
/// reference, in the forward pass and in all three gradients.
@Suite(.enabled(if: CPUFeatures.hasAVX2AndFMA, "the direct kernels need AVX2 and FMA"))
struct DirectConvolutionTests {
    /// (input shape, weight shape, padding): channel counts off the 4-channel tile, 3x3 and 5x5
    /// kernels, padding 0, 1, 2 (wider than "same" for 3x3), rows of 32 to 70 pixels.
    static let cases: [([Int], [Int], Int)] = [
        ([2, 5, 20, 40], [6, 5, 3, 3], 1),
        ([1, 3, 17, 33], [16, 3, 5, 5], 2),
        ([2, 16, 12, 66], [3, 16, 3, 3], 0),
        ([1, 7, 9, 35], [5, 7, 3, 3], 2),
        ([1, 33, 10, 70], [16, 33, 3, 3], 1),
    ]

    /// The direct kernels this CPU can run: AVX2 always (the suite needs it), AVX-512 where present.
    static let directAlgorithms: [ConvolutionAlgorithm] = [.automaticAVX2] + (CPUFeatures.hasAVX512 ? [.automatic] : [])

    @Test(arguments: cases, directAlgorithms)
    func forwardAndGradientsMatchIm2col(_ testCase: ([Int], [Int], Int), _ algorithm: ConvolutionAlgorithm) {
        let (inputShape, weightShape, padding) = testCase
        let geometry = ConvolutionGeometry(channels: inputShape[1], height: inputShape[2], width: inputShape[3],
                                           kernelHeight: weightShape[2], kernelWidth: weightShape[3], stride: 1, padding: padding)
        let kernels = DirectConvolution.kernels(for: geometry, outputChannels: weightShape[0], algorithm: algorithm)
        #expect(kernels?.lanes == (algorithm == .automatic ? 16 : 8))
        #expect(DirectConvolution.kernels(for: geometry, outputChannels: weightShape[0], algorithm: .im2col) == nil)
        func run(_ algorithm: ConvolutionAlgorithm) -> [[Float]] {
            ConvFixtures.resultsAndGradients(input: inputShape, weight: weightShape, stride: 1, padding: padding, algorithm: algorithm, seed: 21)
        }
        ConvFixtures.expectResultsMatch(run(algorithm), run(.im2col), scaledByLargest: true)
    }

    /// (input shape, weight shape, padding) of stride-2 layers, run as stride-1 ones on the
    /// input's 2x2 phases: the pose network's 7x7 stem and 5x5 second layer, odd sizes, and
    /// padding 0 and wider than "same".
    static let stridedCases: [([Int], [Int], Int)] = [
        ([2, 6, 24, 70], [16, 6, 7, 7], 3),
        ([1, 16, 19, 67], [32, 16, 5, 5], 2),
        ([1, 3, 21, 75], [5, 3, 3, 3], 1),
        ([2, 4, 15, 68], [8, 4, 3, 3], 0),
        ([1, 5, 13, 71], [6, 5, 5, 5], 4),
    ]

    @Test(arguments: stridedCases, directAlgorithms)
    func stride2LayersMatchIm2col(_ testCase: ([Int], [Int], Int), _ algorithm: ConvolutionAlgorithm) {
        let (inputShape, weightShape, padding) = testCase
        let geometry = ConvolutionGeometry(channels: inputShape[1], height: inputShape[2], width: inputShape[3],
                                           kernelHeight: weightShape[2], kernelWidth: weightShape[3], stride: 2, padding: padding)
        let weights = ConvFixtures.random(weightShape, seed: 22)
        #expect(SpaceToDepthConvolution.Plan(geometry, weight: weights.storage.pointer, outputChannels: weightShape[0],
                                             algorithm: algorithm) != nil, "not run by the direct kernels")
        func run(_ algorithm: ConvolutionAlgorithm) -> [[Float]] {
            ConvFixtures.resultsAndGradients(input: inputShape, weight: weightShape, stride: 2, padding: padding, algorithm: algorithm, seed: 21)
        }
        ConvFixtures.expectResultsMatch(run(algorithm), run(.im2col), scaledByLargest: true)
    }

    @Test func stride2GradientsMatchFiniteDifferences() {
        let worst = ConvFixtures.worstGradientDiscrepancy(input: [1, 2, 9, 67], weight: [3, 2, 5, 5], stride: 2, padding: 2, seed: 34)
        #expect(worst.relativeError < 5e-3, "\(worst)")
    }

    @Test func gradientsMatchFiniteDifferences() {
        let worst = ConvFixtures.worstGradientDiscrepancy(input: [1, 2, 4, 32], weight: [3, 2, 3, 3], padding: 1, seed: 31)
        #expect(worst.relativeError < 5e-3, "\(worst)")
    }

    @Test func resultsAreBitIdenticalRunToRun() {
        let x = ConvFixtures.random([2, 16, 24, 64], seed: 41, requiresGradient: true)
        let weight = ConvFixtures.random([16, 16, 5, 5], seed: 42, scale: 0.2, requiresGradient: true)
        func run() -> [[Float]] {
            x.zeroGradient(); weight.zeroGradient()
            let y = conv2d(x, weight: weight, bias: nil, padding: 2)
            y.sum().backward()
            return [y.values, x.gradient!.values, weight.gradient!.values]
        }
        let first = run(), second = run()
        #expect(first == second, "results differ between runs")
    }
}
