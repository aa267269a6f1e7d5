import Parallelism

/// `eˣ` for float32 in the manner of Cephes' `expf`: 2ⁿ · e^r with r = x − n·ln 2 in
/// [−ln2/2, ln2/2] and a degree-6 polynomial for e^r; within 2 ulp of `expf` over [−87, 88]
/// (inputs are clamped there). Branch-free, so loops over it vectorise, unlike calls to libm.
@inline(__always)
func fastExp(_ value: Float) -> Float {
    let x = min(max(value, -87.3), 88.3)
    // round to nearest by adding and removing 1.5·2²³ (plain SSE2, unlike rounded()); the sum
    // holds n in its low mantissa bits, read with wrapping integer arithmetic (no trapping
    // conversion, so the loops calling this vectorise)
    let shifted = x * 1.442_695_04 + 12_582_912
    let n = shifted - 12_582_912
    let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
    var p: Float = 1.987_569_15e-4
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_12e-1
    let er = p * r * r + r + 1
    return er * Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
}

extension Tensor {
    /// Exponential linear unit (Clevert et al., 2016): `x` for x > 0, `α(eˣ − 1)` otherwise.
    /// Same shape as the input.
    public func elu(alpha: Float = 1) -> Tensor {
        let input = self, output = TensorStorage(count: count)
        let source = storage.pointer, target = output.pointer
        Parallel.forEachChunk(count) { range in
            for index in range {
                let x = source[index]
                target[index] = x > 0 ? x : alpha * (fastExp(x) - 1)
            }
        }
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            // d/dx elu = 1 (x > 0), y + α (x ≤ 0)
            guard let inputTarget = input.gradientTarget() else { return }
            let source = input.storage.pointer, target = output.pointer
            Parallel.forEachChunk(input.count) { range in
                for index in range { inputTarget[index] += gradient[index] * (source[index] > 0 ? 1 : target[index] + alpha) }
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
            for index in range { target[index] = 1 / (1 + fastExp(-source[index])) }
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
