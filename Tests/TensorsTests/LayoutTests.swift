import Testing
import TestSupport
@testable import Tensors

@Suite struct LayoutTests {
    @Test func permutedMovesAxes() {
        let x = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(x.permuted([1, 0]).shape == [3, 2])
        #expect(x.permuted([1, 0]).values == [1, 4, 2, 5, 3, 6])
        let y = Tensor(shape: [2, 3, 4], values: (0..<24).map(Float.init)).permuted([2, 0, 1])
        #expect(y.shape == [4, 2, 3])
        // y[k, i, j] = x[i, j, k] = 12i + 4j + k
        #expect(y.values[11] == 21)  // k = 1, i = 1, j = 2
    }

    @Test func slicedAndConcatenatedRoundTrip() {
        let x = Tensor(shape: [2, 5, 3], values: (0..<30).map(Float.init))
        let head = x.sliced(axis: 1, range: 0..<2), tail = x.sliced(axis: 1, range: 2..<5)
        #expect(head.shape == [2, 2, 3] && tail.shape == [2, 3, 3])
        #expect(head.values == [0, 1, 2, 3, 4, 5, 15, 16, 17, 18, 19, 20])
        let joined = concatenate([head, tail], axis: 1)
        #expect(joined.shape == x.shape && joined.values == x.values)
        #expect(concatenate([x, x], axis: 0).shape == [4, 5, 3])
        #expect(concatenate([x, x], axis: 2).values[0..<6] == [0, 1, 2, 0, 1, 2])
    }

    @Test func layoutGradientsMatchFiniteDifferences() {
        var data = TestData(seed: 60)
        let x = data.tensor([2, 3, 4, 5]), y = data.tensor([2, 1, 4, 5])
        let cases: [(String, ([Tensor]) -> Tensor)] = [
            ("permuted", { $0[0].permuted([0, 2, 3, 1]) }),
            ("sliced", { $0[0].sliced(axis: 2, range: 1..<3) * $0[1].sliced(axis: 2, range: 0..<2) }),
            ("concatenate", { concatenate([$0[0], $0[1], $0[0]], axis: 1) }),
        ]
        for (name, op) in cases {
            let worst = checkGradients(of: op, at: [x, y])
            #expect(worst.relativeError < 1e-3, "\(name): \(worst)")
        }
    }
}
