import Testing
import TestSupport
@testable import Tensors

@Suite struct MatmulTests {
    @Test func matmulValues() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], values: [7, 8, 9, 10, 11, 12])
        let c = matmul(a, b)
        #expect(c.shape == [2, 2])
        #expect(c.values == [58, 64, 139, 154])
    }

    @Test func matmulGradientsMatchFiniteDifferences() {
        var data = TestData(seed: 50)
        let a = data.tensor([4, 5]), b = data.tensor([5, 3])
        let worst = checkGradients(of: { matmul($0[0], $0[1]) }, at: [a, b])
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }

    @Test func batchedMatmulMatchesPerItemMatmul() {
        var data = TestData(seed: 51)
        let a = data.tensor([3, 4, 4], requiresGradient: false), b = data.tensor([3, 4, 6], requiresGradient: false)
        let c = batchedMatmul(a, b)
        #expect(c.shape == [3, 4, 6])
        for item in 0..<3 {
            let single = matmul(a.sliced(axis: 0, range: item..<(item + 1)).reshaped([4, 4]),
                                b.sliced(axis: 0, range: item..<(item + 1)).reshaped([4, 6]))
            let part = Array(c.values[(item * 24)..<((item + 1) * 24)])
            #expect(largestDifference(part, single.values) < 1e-5)
        }
    }

    @Test(arguments: [(3, 3, 3), (3, 4, 4), (4, 4, 5000)])
    func batchedMatmulGradientsMatchFiniteDifferences(sizes: (Int, Int, Int)) {
        var data = TestData(seed: 52)
        let a = data.tensor([2, sizes.0, sizes.1]), b = data.tensor([2, sizes.1, sizes.2])
        let worst = checkGradients(of: { batchedMatmul($0[0], $0[1]) }, at: [a, b])
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }
}
