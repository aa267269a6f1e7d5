import Foundation
import Testing
import TestSupport
@testable import Tensors
import VectorKernels

@Suite struct ActivationTests {
    @Test func eluAndSigmoidMatchPyTorch() {
        let x = ConvFixtures.tensor("activation.input")
        #expect(ConvFixtures.maximumDifference(x.elu(), ConvFixtures.tensor("activation.elu")) < 1e-6)
        #expect(ConvFixtures.maximumDifference(x.sigmoid(), ConvFixtures.tensor("activation.sigmoid")) < 1e-6)
    }

    @Test func reluClampsNegativesToZero() {
        #expect(Tensor(shape: [4], values: [-2, -0.5, 0.5, 3]).relu().values == [0, 0, 0.5, 3])
    }

    /// Points stay at least 0.1 from the kink at 0, farther than the finite-difference step.
    static let points: [Float] = [-2.5, -1.2, -0.4, -0.15, 0.15, 0.3, 1.1, 2.7]

    @Test func gradientsMatchFiniteDifferences() {
        let x = Tensor(shape: [8], values: Self.points, requiresGradient: true)
        for activation: (Tensor) -> Tensor in [{ $0.elu() }, { $0.elu(alpha: 0.5) }, { $0.relu() }, { $0.sigmoid() }] {
            let worst = checkGradients(of: { activation($0[0]) }, at: [x])
            #expect(worst.relativeError < 1e-3, "\(worst)")
        }
    }
}

@Suite struct ActivationLoopTests {
    @Test func exponentialAgreesWithLibmOverTheFloatRange() {
        var worst: Float = 0
        for step in 0...200_000 {
            let x = -87 + 175 * Float(step) / 200_000
            let expected = Float(Foundation.exp(Double(x)))
            worst = max(worst, abs(ActivationLoops.exp(x) - expected) / expected)
        }
        #expect(worst < 3 * Float.ulpOfOne, "worst relative error \(worst)")
        #expect(ActivationLoops.exp(-200) >= 0 && ActivationLoops.exp(-200) < 1e-37)
        #expect(ActivationLoops.exp(0) == 1)
    }

    /// Every compilation of the loops this CPU runs (baseline, AVX2, AVX-512), on a length that
    /// is no multiple of any vector width, against the formulas in Double.
    @Test func everyWidthAgreesWithTheFormulas() {
        let count = 1003, alpha: Float = 0.7
        var data = TestData(seed: 5)
        let input = (0..<count).map { _ in data.value(in: -6...6) }
        let gradient = (0..<count).map { _ in data.value(in: -1...1) }
        for kernels in runnableActivationKernels {
            var elu = [Float](repeating: 0, count: count), sigmoid = elu, inputGradient = [Float](repeating: 0.5, count: count)
            kernels.exponentialLinear(input, &elu, count, alpha)
            kernels.sigmoid(input, &sigmoid, count)
            kernels.exponentialLinearGradient(input, elu, gradient, &inputGradient, count, alpha)
            for i in 0..<count {
                let x = Double(input[i])
                let expectedELU = x > 0 ? x : Double(alpha) * (Foundation.exp(x) - 1)
                let expectedSlope = x > 0 ? 1 : Double(alpha) * Foundation.exp(x)
                #expect(abs(Double(elu[i]) - expectedELU) < 1e-6, "ELU at \(x)")
                #expect(abs(Double(sigmoid[i]) - 1 / (1 + Foundation.exp(-x))) < 1e-6, "sigmoid at \(x)")
                #expect(abs(Double(inputGradient[i]) - 0.5 - Double(gradient[i]) * expectedSlope) < 1e-6, "ELU slope at \(x)")
            }
        }
    }
}
