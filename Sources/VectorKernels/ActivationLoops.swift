/// The exponential and the activations built on it (ELU, logistic sigmoid) over float buffers.
/// Each loop is written element by element, branch-free, for the compiler to vectorise, and is
/// generic over a `Module` type only so that it is specialised, and so compiled with that
/// module's instructions, in the module that declares it (`VectorKernelsAVX2`,
/// `VectorKernelsAVX512`; see ``ActivationKernels``). Loops over Swift's generic SIMD types
/// would not do: their comparisons and selects compile lane by lane.
public enum ActivationLoops {
    /// `eˣ` in the manner of Cephes' `expf`: 2ⁿ · e^r with r = x − n·ln 2 in [−ln2/2, ln2/2] and
    /// a degree-6 polynomial for e^r; within 2 ulp of `expf` over [−87, 88] (inputs are clamped
    /// there, so very negative inputs give a tiny positive value). No branch and no libm call.
    @inlinable @inline(__always)
    public static func exp(_ value: Float) -> Float {
        let x = min(max(value, -87.3), 88.3)
        // round to nearest by adding and removing 1.5·2²³; the sum holds n in its low mantissa
        // bits, read with wrapping integer arithmetic (no trapping conversion)
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

    /// `output[i] = x` for x > 0, `α(eˣ − 1)` otherwise, x = `input[i]`, for `i < count`
    /// (written as `max(x, 0) + α(e^min(x, 0) − 1)`, exact for x > 0 since e⁰ is 1 here).
    @inlinable
    public static func exponentialLinear<Module>(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                                                 count: Int, alpha: Float, compiledIn _: Module.Type) {
        for i in 0..<count {
            let x = input[i]
            output[i] = max(x, 0) + alpha * (exp(min(x, 0)) - 1)
        }
    }

    /// `inputGradient[i] += gradient[i] · (1 for x > 0, y + α otherwise)`, x = `input[i]` and
    /// y = `output[i]` (the forward's), for `i < count`.
    @inlinable
    public static func exponentialLinearGradient<Module>(input: UnsafePointer<Float>, output: UnsafePointer<Float>,
                                                         gradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
                                                         count: Int, alpha: Float, compiledIn _: Module.Type) {
        for i in 0..<count { inputGradient[i] += gradient[i] * (input[i] > 0 ? 1 : output[i] + alpha) }
    }

    /// `output[i] = 1 / (1 + e^−input[i])` for `i < count`.
    @inlinable
    public static func sigmoid<Module>(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, count: Int,
                                       compiledIn _: Module.Type) {
        for i in 0..<count { output[i] = 1 / (1 + exp(-input[i])) }
    }
}
