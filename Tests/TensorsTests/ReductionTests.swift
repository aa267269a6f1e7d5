import Testing
import TestSupport
@testable import Tensors

@Suite struct ReductionTests {
    @Test func totalSumAndMeanAreOneElementTensors() {
        let x = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(x.sum().shape == [1])
        #expect(x.sum().scalar == 21)
        #expect(x.mean().scalar == 3.5)
    }

    @Test func axisSumsKeepOrDropAxes() {
        let x = Tensor(shape: [2, 3, 2], values: (0..<12).map(Float.init))
        let overMiddle = x.sum(axes: [1])
        #expect(overMiddle.shape == [2, 1, 2])
        #expect(overMiddle.values == [6, 9, 24, 27])
        #expect(x.sum(axes: [1], keepingDimensions: false).shape == [2, 2])
        #expect(x.sum(axes: [0, 2]).values == [14, 22, 30])
        #expect(x.mean(axes: [2], keepingDimensions: false).values == [0.5, 2.5, 4.5, 6.5, 8.5, 10.5])
        #expect(x.mean(axes: [0, 1, 2]).shape == [1, 1, 1])
    }

    @Test func sumIsAccurateOverManyValues() {
        // 1 + 10⁶ · 10⁻⁶ summed in Float one by one would lose the small terms entirely.
        var values = [Float](repeating: 1e-6, count: 1_000_000)
        values[0] = 1
        let x = Tensor(shape: [1000, 1000], values: values)
        #expect(Swift.abs(x.sum().scalar - 2) < 1e-5)
        #expect(Swift.abs(x.sum(axes: [0, 1]).scalar - 2) < 1e-5)
    }

    @Test func reductionGradientsMatchFiniteDifferences() {
        var data = TestData(seed: 20)
        let x = data.tensor([2, 3, 4, 5])
        let cases: [(String, (Tensor) -> Tensor)] = [
            ("sum", { $0.sum() }), ("mean", { $0.mean() }),
            ("sum [1]", { $0.sum(axes: [1]) }), ("mean [2, 3]", { $0.mean(axes: [2, 3], keepingDimensions: false) }),
            ("sum [0, 2]", { $0.sum(axes: [0, 2]) }), ("mean [3]", { $0.mean(axes: [3]) }),
        ]
        for (name, op) in cases {
            let worst = checkGradients(of: { op($0[0]) }, at: [x])
            #expect(worst.relativeError < 1e-3, "\(name): \(worst)")
        }
    }

    @Test func stackedMinimumPicksLowestIndexOnTies() {
        let a = Tensor(shape: [4], values: [3, 1, 2, 5], requiresGradient: true)
        let b = Tensor(shape: [4], values: [2, 1, 4, 0], requiresGradient: true)
        let c = Tensor(shape: [4], values: [2, 3, 1, 9], requiresGradient: true)
        let (values, indices) = stackedMinimum([a, b, c])
        #expect(values.values == [2, 1, 1, 0])
        #expect(indices == [1, 0, 2, 1])
        values.sum().backward()
        #expect(a.gradient?.values == [0, 1, 0, 0])
        #expect(b.gradient?.values == [1, 0, 0, 1])
        #expect(c.gradient?.values == [0, 0, 1, 0])
    }

    @Test func stackedMinimumGradientMatchesFiniteDifferences() {
        // Values on a 0.1 grid, distinct per element, so no step of 0.01 creates a tie.
        var data = TestData(seed: 21)
        let order = (0..<3).map { _ in (0..<24).map { _ in data.value(in: 0...1) } }
        let inputs = (0..<3).map { k in
            Tensor(shape: [2, 3, 4], values: (0..<24).map { Float(Int(order[k][$0] * 10)) + Float(k) * 0.3 },
                   requiresGradient: true)
        }
        let worst = checkGradients(of: { stackedMinimum($0).values }, at: inputs)
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }
}
