import Testing
import TestSupport
@testable import Tensors

@Suite struct NormalizationTests {
    @Test(arguments: ["groupnorm", "groupnorm_offset"])
    func forwardMatchesPyTorch(_ name: String) {
        let y = groupNorm(ConvFixtures.tensor("\(name).input"), groupCount: 8,
                          weight: ConvFixtures.tensor("\(name).weight"), bias: ConvFixtures.tensor("\(name).bias"))
        #expect(ConvFixtures.maximumDifference(y, ConvFixtures.tensor("\(name).output")) < 2e-5)
    }

    /// The fused kernel against the textbook composite, evaluated in Double.
    @Test func fusedKernelMatchesTheComposite() {
        let x = ConvFixtures.random([3, 12, 4, 5], seed: 21, scale: 3)
        let weight = ConvFixtures.random([12], seed: 22), bias = ConvFixtures.random([12], seed: 23)
        let groups = 4, perGroup = 3 * 20
        let y = groupNorm(x, groupCount: groups, weight: weight, bias: bias)
        var worst = 0.0
        for group in 0..<(3 * groups) {
            let values = x.values[(group * perGroup)..<((group + 1) * perGroup)].map(Double.init)
            let mean = values.reduce(0, +) / Double(perGroup)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(perGroup)
            for (offset, value) in values.enumerated() {
                let channel = (group % groups) * 3 + offset / 20
                let expected = (value - mean) / (variance + 1e-5).squareRoot() * Double(weight.values[channel]) + Double(bias.values[channel])
                worst = max(worst, abs(expected - Double(y.values[group * perGroup + offset])))
            }
        }
        #expect(worst < 1e-5)
    }

    @Test(arguments: [([2, 8, 3, 4], 4), ([1, 6, 5, 2], 2), ([2, 4, 3, 3], 4)])
    func gradientsMatchFiniteDifferences(_ shape: [Int], _ groups: Int) {
        let x = ConvFixtures.random(shape, seed: 24, scale: 2, requiresGradient: true)
        let weight = ConvFixtures.random([shape[1]], seed: 25, requiresGradient: true)
        let bias = ConvFixtures.random([shape[1]], seed: 26, requiresGradient: true)
        let worst = checkGradients(of: { groupNorm($0[0], groupCount: groups, weight: $0[1], bias: $0[2]) },
                                   at: [x, weight, bias], step: 1e-2)
        #expect(worst.relativeError < 5e-3, "\(worst)")
    }

    @Test func resultsAreBitIdenticalRunToRun() {
        let x = ConvFixtures.random([4, 32, 24, 16], seed: 27, requiresGradient: true)
        let weight = ConvFixtures.random([32], seed: 28, requiresGradient: true)
        let bias = ConvFixtures.random([32], seed: 29, requiresGradient: true)
        func run() -> [[Float]] {
            for tensor in [x, weight, bias] { tensor.zeroGradient() }
            let y = groupNorm(x, groupCount: 8, weight: weight, bias: bias)
            y.backward()
            return [y.values, x.gradient!.values, weight.gradient!.values, bias.gradient!.values]
        }
        let first = run(), second = run()
        let identical = first == second
        #expect(identical, "results differ between runs")
    }
}
