import Testing
import TestSupport
@testable import Tensors

@Suite struct MathTests {
    @Test func unaryGradientsMatchFiniteDifferences() {
        var data = TestData(seed: 10)
        let signed = data.tensorAwayFromZero([3, 4], magnitude: 0.1...2)
        let positive = data.tensor([3, 4], in: 0.5...3)
        let cases: [(String, (Tensor) -> Tensor, Tensor)] = [
            ("abs", { $0.abs() }, signed), ("exp", { $0.exp() }, signed), ("log", { $0.log() }, positive),
            ("sqrt", { $0.sqrt() }, positive), ("squared", { $0.squared() }, signed),
        ]
        for (name, op, input) in cases {
            let worst = checkGradients(of: { op($0[0]) }, at: [input])
            #expect(worst.relativeError < 1e-3, "\(name): \(worst)")
        }
    }

    @Test func forwardValues() {
        let x = Tensor(shape: [4], values: [-2, -0.5, 1, 4])
        #expect(x.abs().values == [2, 0.5, 1, 4])
        #expect(x.squared().values == [4, 0.25, 1, 16])
        #expect(x.clamped(min: -1, max: 2).values == [-1, -0.5, 1, 2])
        #expect(x.clamped(min: 0).values == [0, 0, 1, 4])
        #expect(x.clamped(max: 0).values == [-2, -0.5, 0, 0])
        let positive = Tensor(shape: [2], values: [1, 4])
        #expect(positive.sqrt().values == [1, 2])
        #expect(positive.log().values[0] == 0)
        #expect(Tensor(shape: [1], values: [0]).exp().values == [1])
    }

    @Test func clampGradientIsZeroOutsideTheBounds() {
        let x = Tensor(shape: [5], values: [-3, -0.5, 0.25, 0.75, 3], requiresGradient: true)
        x.clamped(min: -1, max: 1).sum().backward()
        #expect(x.gradient?.values == [0, 1, 1, 1, 0])
        var data = TestData(seed: 11)
        let y = data.tensor([20], in: -3...3)
        let awayFromBounds = Tensor(shape: [20], values: y.values.map { Swift.abs(Swift.abs($0) - 1) < 0.05 ? $0 + 0.1 : $0 },
                                    requiresGradient: true)
        let worst = checkGradients(of: { $0[0].clamped(min: -1, max: 1) }, at: [awayFromBounds])
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }

    @Test func minimumAndMaximumPickOneSide() {
        let a = Tensor(shape: [2, 2], values: [1, 5, -2, 3], requiresGradient: true)
        let b = Tensor(shape: [2], values: [2, 3], requiresGradient: true)
        let low = minimum(a, b), high = maximum(a, b)
        #expect(low.values == [1, 3, -2, 3])
        #expect(high.values == [2, 5, 2, 3])
        low.sum().backward()
        // ties (3 vs 3) go to the first operand
        #expect(a.gradient?.values == [1, 0, 1, 1])
        #expect(b.gradient?.values == [0, 1])
    }

    @Test func minimumMaximumGradientsMatchFiniteDifferences() {
        var data = TestData(seed: 12)
        let a = data.tensor([3, 4, 5]), b = data.tensor([4, 1])
        // keep every pair at least 0.05 apart, so no step crosses a tie
        let bValues = b.values
        let separated = Tensor(shape: a.shape, values: a.values.enumerated().map { index, value in
            let other = bValues[(index / 5) % 4]
            return Swift.abs(value - other) < 0.05 ? other + 0.1 : value
        }, requiresGradient: true)
        for op in [minimum, maximum] {
            let worst = checkGradients(of: { op($0[0], $0[1]) }, at: [separated, b])
            #expect(worst.relativeError < 1e-3, "\(worst)")
        }
    }
}
