import Testing
import TestSupport
@testable import Tensors

@Suite struct PoolingTests {
    private struct Fixture: Decodable {
        let input, output, small_input, small_output: StoredTensor
    }

    @Test func matchesPyTorchReflectionPadThenAveragePool() throws {
        let fixture = try loadFixture("average_pool_reflect", as: Fixture.self)
        for (input, expected) in [(fixture.input, fixture.output), (fixture.small_input, fixture.small_output)] {
            let output = input.tensor().averagePool3x3Reflect()
            #expect(output.shape == expected.shape)
            #expect(largestDifference(output.values, expected.values) < 1e-6)
        }
    }

    @Test(arguments: [[2, 3, 5, 6], [1, 1, 2, 2], [1, 2, 2, 5], [1, 1, 3, 2]])
    func gradientMatchesFiniteDifferences(shape: [Int]) {
        var data = TestData(seed: 30)
        let x = data.tensor(shape)
        let worst = checkGradients(of: { $0[0].averagePool3x3Reflect() }, at: [x], elementsPerInput: 200)
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }
}
