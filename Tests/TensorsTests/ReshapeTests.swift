import Testing
import TestSupport
@testable import Tensors

@Suite struct ReshapeTests {
    @Test func reshapeSharesValuesAndInfersOneExtent() {
        let x = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let y = x.reshaped([3, -1])
        #expect(y.shape == [3, 2])
        #expect(y.values == x.values)
    }

    @Test func reshapeGradientMatchesFiniteDifferences() {
        let x = Tensor(shape: [2, 3], values: [0.5, -1, 2, 0.25, 3, -2], requiresGradient: true)
        let worst = checkGradients(of: { $0[0].reshaped([6]) }, at: [x])
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }

    @Test func backwardReleasesTheGraph() {
        let x = Tensor(shape: [4], values: [1, 2, 3, 4], requiresGradient: true)
        let y = x.reshaped([2, 2]).reshaped([4, 1]).reshaped([1, 4])
        let loss = y.reshaped([4]).reshaped([2, 2])
        #expect(loss.origin != nil)
        // a 4-element "loss" is fine for backward: its seed gradient is all ones
        loss.backward()
        #expect(loss.origin == nil)
        #expect(x.gradient?.values == [1, 1, 1, 1])
    }

    @Test func noGradientModeRecordsNothing() {
        let x = Tensor(shape: [2], values: [1, 2], requiresGradient: true)
        let y = withoutGradients { x.reshaped([1, 2]) }
        #expect(!y.requiresGradient && y.origin == nil)
    }
}
