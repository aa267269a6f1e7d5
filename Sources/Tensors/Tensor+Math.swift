import Parallelism
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Element-wise math: abs, exp, log, sqrt, squared, clamped, and minimum/maximum of two tensors.

extension Tensor {
    /// `|x|` element-wise. The gradient at 0 is taken as 0.
    public func abs() -> Tensor {
        // d/dx |x| = sign(x)
        unaryOperation({ Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) })
    }

    /// `eˣ` element-wise.
    public func exp() -> Tensor {
        // d/dx eˣ = eˣ = y
        unaryOperation({ naturalExponential($0) }, derivative: { _, y in y })
    }

    /// Natural logarithm element-wise.
    public func log() -> Tensor {
        // d/dx ln x = 1/x
        unaryOperation({ naturalLogarithm($0) }, derivative: { x, _ in 1 / x })
    }

    /// `√x` element-wise.
    public func sqrt() -> Tensor {
        // d/dx √x = 1 / (2√x) = 1 / (2y)
        unaryOperation({ $0.squareRoot() }, derivative: { _, y in 0.5 / y })
    }

    /// `x²` element-wise.
    public func squared() -> Tensor {
        // d/dx x² = 2x
        unaryOperation({ $0 * $0 }, derivative: { x, _ in 2 * x })
    }

    /// Each value limited to `[min, max]` (either bound may be absent). As in PyTorch, the
    /// gradient is 1 where `min ≤ x ≤ max` and 0 where the value was clamped.
    public func clamped(min lower: Float? = nil, max upper: Float? = nil) -> Tensor {
        let low = lower ?? -.infinity, high = upper ?? .infinity
        precondition(low <= high, "clamped: min \(low) exceeds max \(high)")
        // d/dx clamp(x) = 1 (low ≤ x ≤ high), 0 otherwise
        return unaryOperation({ Swift.min(Swift.max($0, low), high) },
                              derivative: { x, _ in x >= low && x <= high ? 1 : 0 })
    }

    /// Applies `forward` element-wise when dy/dx is the same everywhere (`x + s`, `s·x`, ...):
    /// the backward pass is one scaled, vectorised accumulation, with no call per element.
    @inline(__always)
    func unaryOperation(_ forward: (Float) -> Float, constantDerivative: Float) -> Tensor {
        let output = mapElements(forward), input = self
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            Parallel.forEachChunk(input.count) { range in
                for index in range { target[index] += gradient[index] * constantDerivative }
            }
        }
    }

    /// Applies `forward` element-wise; `derivative(x, y)` gives dy/dx from the input `x` and
    /// the output `y = forward(x)`.
    @inline(__always)
    func unaryOperation(_ forward: (Float) -> Float, derivative: @escaping (Float, Float) -> Float) -> Tensor {
        let output = mapElements(forward), input = self
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            let source = input.storage.pointer, result = output.pointer
            Parallel.forEachChunk(input.count) { range in
                for index in range { target[index] += gradient[index] * derivative(source[index], result[index]) }
            }
        }
    }

    /// `forward` of every value, in new storage (parallel over chunks).
    @inline(__always)
    private func mapElements(_ forward: (Float) -> Float) -> TensorStorage {
        let output = TensorStorage(count: count)
        let source = storage.pointer, result = output.pointer
        Parallel.forEachChunk(count) { range in
            for index in range { result[index] = forward(source[index]) }
        }
        return output
    }
}

/// The element-wise smaller of `a` and `b` (shapes broadcast). The gradient goes to the chosen
/// value; on a tie, to `a`.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { Tensor.binaryBroadcastOperation(a, b, Minimum.self) }

/// The element-wise larger of `a` and `b` (shapes broadcast). The gradient goes to the chosen
/// value; on a tie, to `a`.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { Tensor.binaryBroadcastOperation(a, b, Maximum.self) }

/// d/da min(a, b) = 1 (a ≤ b), d/db min(a, b) = 1 (b < a)
enum Minimum: BinaryElementwiseOperator {
    static let name = "minimum"
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a <= b ? a : b }
    @inline(__always) static func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float { a <= b ? g : 0 }
    @inline(__always) static func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float { a <= b ? 0 : g }
}

/// d/da max(a, b) = 1 (a ≥ b), d/db max(a, b) = 1 (b > a)
enum Maximum: BinaryElementwiseOperator {
    static let name = "maximum"
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a >= b ? a : b }
    @inline(__always) static func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float { a >= b ? g : 0 }
    @inline(__always) static func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float { a >= b ? 0 : g }
}

/// `eˣ` of one float (a free function, so the `exp()` method does not shadow libm's).
@inline(__always) private func naturalExponential(_ x: Float) -> Float { expf(x) }

/// `ln x` of one float (a free function, so the `log()` method does not shadow libm's).
@inline(__always) private func naturalLogarithm(_ x: Float) -> Float { logf(x) }
