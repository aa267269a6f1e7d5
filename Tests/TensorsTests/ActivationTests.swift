import Foundation
import Testing
import TestSupport
@testable import Tensors

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

@Suite struct FastExponentialTests {
    @Test func agreesWithLibmOverTheFloatRange() {
        var worst: Float = 0
        for step in 0...200_000 {
            let x = -87 + 175 * Float(step) / 200_000
            let expected = Float(Foundation.exp(Double(x)))
            worst = max(worst, abs(fastExp(x) - expected) / expected)
        }
        #expect(worst < 3 * Float.ulpOfOne, "worst relative error \(worst)")
        #expect(fastExp(-200) >= 0 && fastExp(-200) < 1e-37)
        #expect(fastExp(0) == 1)
    }
}
