import Foundation
import Parallelism

extension Tensor {
    /// Applies `forward` to every value; `derivative(x, y)` gives dy/dx from the input and output
    /// value for the backward pass.
    private func mapElementwise(
        _ forward: @escaping (Float) -> Float,
        derivative: @escaping (Float, Float) -> Float
    ) -> Tensor {
        let input = self, output = TensorStorage(count: count)
        let source = storage.pointer, target = output.pointer
        Parallel.forEachChunk(count) { range in
            for index in range { target[index] = forward(source[index]) }
        }
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            guard let inputTarget = input.gradientTarget() else { return }
            let source = input.storage.pointer, target = output.pointer
            Parallel.forEachChunk(input.count) { range in
                for index in range { inputTarget[index] += gradient[index] * derivative(source[index], target[index]) }
            }
        }
    }

    /// Exponential linear unit (Clevert et al., 2016): `x` for x > 0, `α(eˣ − 1)` otherwise.
    /// Same shape as the input.
    public func elu(alpha: Float = 1) -> Tensor {
        // d/dx elu = 1 (x > 0), y + α (x ≤ 0)
        mapElementwise({ $0 > 0 ? $0 : alpha * (Foundation.exp($0) - 1) },
                       derivative: { x, y in x > 0 ? 1 : y + alpha })
    }

    /// Rectified linear unit: `max(x, 0)`. Same shape as the input.
    public func relu() -> Tensor {
        // d/dx relu = 1 (x > 0), 0 (x ≤ 0)
        mapElementwise({ $0 > 0 ? $0 : 0 }, derivative: { x, _ in x > 0 ? 1 : 0 })
    }

    /// Logistic sigmoid `1 / (1 + e⁻ˣ)`. Same shape as the input.
    public func sigmoid() -> Tensor {
        // d/dx σ = σ (1 − σ)
        mapElementwise({ 1 / (1 + Foundation.exp(-$0)) }, derivative: { _, y in y * (1 - y) })
    }
}
