import Testing
import TestSupport
@testable import Tensors

@Suite struct AxisAngleTests {
    private struct Fixture: Decodable {
        let vectors, matrices: StoredTensor
    }

    @Test func matchesMatrixExponentialOfTheSkewMatrix() throws {
        let fixture = try loadFixture("axis_angle", as: Fixture.self)
        let matrices = axisAngleToMatrix(fixture.vectors.tensor())
        #expect(matrices.shape == [4, 3, 3])
        #expect(largestDifference(matrices.values, fixture.matrices.values) < 1e-6)
    }

    @Test func rotationsAreOrthonormal() {
        var data = TestData(seed: 80)
        let r = data.tensor([6, 3], in: -2...2, requiresGradient: false)
        let matrices = axisAngleToMatrix(r)
        let product = batchedMatmul(matrices, matrices.permuted([0, 2, 1]))
        let identity: [Float] = (0..<6).flatMap { _ -> [Float] in [1, 0, 0, 0, 1, 0, 0, 0, 1] }
        #expect(largestDifference(product.values, identity) < 1e-5)
    }

    @Test(arguments: [
        [0.3, -0.2, 0.5, -1.5, 0.7, 2.0],
        [1e-3, -2e-3, 5e-4, 0, 0, 0],
        [2e-2, 1e-2, -1.5e-2, 1e-5, 0, -1e-5],
    ] as [[Float]])
    func gradientMatchesFiniteDifferencesIncludingNearZero(values: [Float]) {
        let r = Tensor(shape: [2, 3], values: values, requiresGradient: true)
        let worst = checkGradients(of: { axisAngleToMatrix($0[0]) }, at: [r], step: 1e-3)
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }
}
