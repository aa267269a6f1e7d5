import Testing
@testable import Tensors

/// Shape mismatches are programmer errors: each op stops the process (release builds keep the
/// preconditions but not their messages, so only the stop is checked here).
@Suite struct ShapePreconditionTests {
    @Test func mismatchedShapesStopTheProcess() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        await #expect(processExitsWith: .failure) {
            _ = matmul(Tensor.zeros([2, 3]), Tensor.zeros([2, 3]))
        }
        await #expect(processExitsWith: .failure) {
            _ = batchedMatmul(Tensor.zeros([2, 3, 3]), Tensor.zeros([1, 3, 4]))
        }
        await #expect(processExitsWith: .failure) {
            _ = gridSample(Tensor.zeros([1, 3, 4, 4]), grid: Tensor.zeros([1, 4, 4, 3]))
        }
        await #expect(processExitsWith: .failure) {
            _ = concatenate([Tensor.zeros([2, 3]), Tensor.zeros([3, 3])], axis: 1)
        }
        await #expect(processExitsWith: .failure) {
            _ = stackedMinimum([Tensor.zeros([2, 3]), Tensor.zeros([3, 2])])
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([1, 1, 1, 4]).averagePool3x3Reflect()
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([2, 3]).sum(axes: [2])
        }
        await #expect(processExitsWith: .failure) {
            _ = axisAngleToMatrix(Tensor.zeros([2, 4]))
        }
    }

    @Test func validShapesDoNotStop() async {
        await #expect(processExitsWith: .success) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([3])
        }
    }
}
