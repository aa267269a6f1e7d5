import Testing
import TestSupport
@testable import Tensors

@Suite struct DeterminismTests {
    /// A loss touching every op family, with its gradients, as raw bit patterns.
    private func lossAndGradients() -> [UInt32] {
        var data = TestData(seed: 90)
        let image = data.tensor([2, 3, 64, 48], in: 0...1)
        let depth = data.tensor([2, 1, 64, 48], in: 0.5...2)
        let grid = data.tensor([2, 64, 48, 2], in: -1.2...1.2)
        let rotation = data.tensor([2, 3], in: -0.1...0.1)
        let warped = gridSample(image, grid: grid) * depth
        let pooled = (warped - image).abs().averagePool3x3Reflect().mean(axes: [1])
        let candidates = [pooled, (image.resizedBilinear(height: 32, width: 24).resizedBilinear(height: 64, width: 48) - warped).squared().mean(axes: [1])]
        let (minimal, _) = stackedMinimum(candidates)
        let pose = batchedMatmul(axisAngleToMatrix(rotation), data.tensor([2, 3, 100])).sum()
        let loss = minimal.mean() + pose * 0.01 + concatenate([depth, depth], axis: 1).permuted([0, 2, 3, 1]).sum() * 1e-4
        loss.backward()
        let all = [loss] + [image, depth, grid, rotation].map { $0.gradient! }
        return all.flatMap { $0.values.map(\.bitPattern) }
    }

    @Test func sameComputationGivesBitIdenticalResults() {
        #expect(lossAndGradients() == lossAndGradients())
    }
}
