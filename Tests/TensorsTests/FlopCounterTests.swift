import Testing
@testable import Tensors

@Suite struct FlopCounterTests {
    /// A convolution's forward and backward add their multiply-adds and their time; other tests
    /// run convolutions concurrently, so the counts are only checked to grow by at least as much.
    @Test func convolutionsAddTheirOperationsAndTime() {
        let x = ConvFixtures.random([2, 3, 10, 12], seed: 4, requiresGradient: true)
        let weight = ConvFixtures.random([5, 3, 3, 3], seed: 5, requiresGradient: true)
        let flopsBefore = FlopCounter.count, secondsBefore = FlopCounter.seconds
        let y = conv2d(x, weight: weight, bias: nil, padding: 1)
        let forwardFlops = 2 * 2 * 5 * (3 * 3 * 3) * (10 * 12)
        #expect(FlopCounter.count - flopsBefore >= forwardFlops)
        #expect(FlopCounter.seconds > secondsBefore)
        let flopsAfterForward = FlopCounter.count, secondsAfterForward = FlopCounter.seconds
        y.sum().backward()
        #expect(FlopCounter.count - flopsAfterForward >= 2 * forwardFlops, "input and weight gradients")
        #expect(FlopCounter.seconds > secondsAfterForward)
    }
}
