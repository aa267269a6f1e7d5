import Parallelism
import VectorKernels

extension Tensor {
    /// Exponential linear unit (Clevert et al., 2016): `x` for x > 0, `α(eˣ − 1)` otherwise.
    /// Same shape as the input.
    public func elu(alpha: Float = 1) -> Tensor {
        let input = self, output = TensorStorage(count: count)
        let source = storage.pointer, target = output.pointer
        Parallel.forEachChunk(count) { range in
            widestActivationKernels.exponentialLinear(source + range.lowerBound, target + range.lowerBound, range.count, alpha)
        }
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            // d/dx elu = 1 (x > 0), y + α (x ≤ 0)
            guard let inputTarget = input.gradientTarget() else { return }
            let source = input.storage.pointer, target = output.pointer
            Parallel.forEachChunk(input.count) { range in
                let start = range.lowerBound
                widestActivationKernels.exponentialLinearGradient(source + start, target + start, gradient + start,
                                                                  inputTarget + start, range.count, alpha)
            }
        }
    }

    /// Rectified linear unit: `max(x, 0)`. Same shape as the input.
    public func relu() -> Tensor {
        let input = self, output = TensorStorage(count: count)
        let source = storage.pointer, target = output.pointer
        Parallel.forEachChunk(count) { range in
            for index in range { target[index] = source[index] > 0 ? source[index] : 0 }
        }
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            // d/dx relu = 1 (x > 0), 0 (x ≤ 0)
            guard let inputTarget = input.gradientTarget() else { return }
            let source = input.storage.pointer
            Parallel.forEachChunk(input.count) { range in
                for index in range { inputTarget[index] += source[index] > 0 ? gradient[index] : 0 }
            }
        }
    }

    /// Logistic sigmoid `1 / (1 + e⁻ˣ)`. Same shape as the input.
    public func sigmoid() -> Tensor {
        let input = self, output = TensorStorage(count: count)
        let source = storage.pointer, target = output.pointer
        Parallel.forEachChunk(count) { range in
            widestActivationKernels.sigmoid(source + range.lowerBound, target + range.lowerBound, range.count)
        }
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            // d/dx σ = σ (1 − σ)
            guard let inputTarget = input.gradientTarget() else { return }
            let target = output.pointer
            Parallel.forEachChunk(input.count) { range in
                for index in range { inputTarget[index] += gradient[index] * target[index] * (1 - target[index]) }
            }
        }
    }
}
