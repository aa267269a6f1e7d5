import Testing
import TestSupport
@testable import Tensors
import VectorKernels

@Suite struct ChannelConv3dTests {
    @Test func forwardMatchesPyTorchConv3d() {
        let y = channelConv3d(ConvFixtures.tensor("conv3d.input"), weight: ConvFixtures.tensor("conv3d.weight"),
                              bias: ConvFixtures.tensor("conv3d.bias"))
        #expect(y.shape == [2, 8, 5, 6])
        #expect(ConvFixtures.maximumDifference(y, ConvFixtures.tensor("conv3d.output")) < 1e-5)
    }

    @Test(arguments: [[2, 4, 5, 6], [1, 1, 3, 4], [1, 3, 1, 1], [1, 5, 4, 1]])
    func gradientsMatchFiniteDifferences(_ shape: [Int]) {
        let x = ConvFixtures.random(shape, seed: 11, requiresGradient: true)
        let weight = ConvFixtures.random([2, 1, 3, 3, 3], seed: 12, scale: 0.5, requiresGradient: true)
        let bias = ConvFixtures.random([2], seed: 13, requiresGradient: true)
        let worst = checkGradients(of: { channelConv3d($0[0], weight: $0[1], bias: $0[2]) }, at: [x, weight, bias])
        #expect(worst.relativeError < 5e-3, "\(worst)")
    }

    /// The vector row kernels this CPU runs against the plain row loops, forward and both
    /// gradients, on widths around the vector lengths (8, 16) and their four-vector blocks (32,
    /// 64), planes of one or two rows, and an odd filter count (the last filter alone).
    @Test(arguments: [([1, 3, 5, 1], 2), ([1, 2, 4, 2], 2), ([2, 3, 3, 3], 3), ([1, 4, 6, 17], 2), ([2, 5, 3, 40], 3),
                      ([1, 3, 1, 33], 2), ([1, 3, 2, 70], 2), ([2, 2, 3, 131], 3), ([1, 2, 2, 67], 1)])
    func vectorKernelsMatchRowLoops(_ shape: [Int], filters: Int) {
        func run(_ kernels: ConvolutionKernels?) -> [[Float]] {
            let x = ConvFixtures.random(shape, seed: 17, requiresGradient: true)
            let weight = ConvFixtures.random([filters, 1, 3, 3, 3], seed: 18, scale: 0.5, requiresGradient: true)
            let bias = ConvFixtures.random([filters], seed: 19, requiresGradient: true)
            let y = channelConv3d(x, weight: weight, bias: bias, kernels: kernels)
            (y * ConvFixtures.random(y.shape, seed: 20)).sum().backward()
            return [y.values, x.gradient!.values, weight.gradient!.values, bias.gradient!.values]
        }
        let reference = run(nil)
        for kernels in runnableVectorKernels {
            ConvFixtures.expectResultsMatch(run(kernels), reference, scaledByLargest: false, context: "\(kernels.lanes) lanes, ")
        }
    }

    @Test func resultsAreBitIdenticalRunToRun() {
        let x = ConvFixtures.random([2, 32, 12, 16], seed: 14, requiresGradient: true)
        let weight = ConvFixtures.random([2, 1, 3, 3, 3], seed: 15, requiresGradient: true)
        let bias = ConvFixtures.random([2], seed: 16, requiresGradient: true)
        func run() -> [[Float]] {
            for tensor in [x, weight, bias] { tensor.zeroGradient() }
            let y = channelConv3d(x, weight: weight, bias: bias)
            y.backward()
            return [y.values, x.gradient!.values, weight.gradient!.values, bias.gradient!.values]
        }
        let first = run(), second = run()
        let identical = first == second
        #expect(identical, "results differ between runs")
    }
}

/// The fused three-shift row dot product behind channelConv3d's weight gradient.
@Suite struct ShiftedDotsTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 9, 13, 32, 37])
    func matchesThreeSeparateSums(_ count: Int) {
        let a = ConvFixtures.random([count], seed: 61).values, b = ConvFixtures.random([count], seed: 62).values
        func shifted(_ shift: Int) -> Double {
            (0..<count).reduce(0.0) { total, i in
                i + shift >= 0 && i + shift < count ? total + Double(a[i]) * Double(b[i + shift]) : total
            }
        }
        let (left, centre, right) = RowKernels.shiftedDots(a, b, count: count)
        for (computed, expected) in [(left, shifted(-1)), (centre, shifted(0)), (right, shifted(1))] {
            #expect(abs(Double(computed) - expected) < 1e-5, "count \(count): \(computed) vs \(expected)")
        }
    }
}
