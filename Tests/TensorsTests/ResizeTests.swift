import Testing
import TestSupport
@testable import Tensors

@Suite struct ResizeTests {
    private struct Case: Decodable {
        let height, width: Int
        let output: StoredTensor
    }
    private struct Fixture: Decodable {
        let input: StoredTensor
        let cases: [Case]
    }

    @Test func matchesPyTorchInterpolateWithoutAlignedCorners() throws {
        let fixture = try loadFixture("resize_bilinear", as: Fixture.self)
        let input = fixture.input.tensor()
        #expect(fixture.cases.count == 4)
        for test in fixture.cases {
            let output = input.resizedBilinear(height: test.height, width: test.width)
            #expect(output.shape == test.output.shape)
            #expect(largestDifference(output.values, test.output.values) < 1e-5, "\(test.height)x\(test.width)")
        }
    }

    @Test func sameSizeIsIdentity() {
        var data = TestData(seed: 40)
        let x = data.tensor([1, 2, 3, 4])
        #expect(x.resizedBilinear(height: 3, width: 4).values == x.values)
    }

    @Test(arguments: [(8, 11), (3, 4), (5, 3)])
    func gradientMatchesFiniteDifferences(size: (Int, Int)) {
        var data = TestData(seed: 41)
        let x = data.tensor([2, 2, 5, 7])
        let worst = checkGradients(of: { $0[0].resizedBilinear(height: size.0, width: size.1) }, at: [x], elementsPerInput: 140)
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }
}
