import Parallelism

// Element-wise math: abs, exp, log, sqrt, squared, clamped, and minimum/maximum of two tensors.

extension Tensor {
    /// `|x|` element-wise. The gradient at 0 is taken as 0.
    public func abs() -> Tensor { unaryOperation(AbsoluteValue()) }

    /// `eˣ` element-wise.
    public func exp() -> Tensor { unaryOperation(Exponential()) }

    /// Natural logarithm element-wise.
    public func log() -> Tensor { unaryOperation(NaturalLogarithm()) }

    /// `√x` element-wise.
    public func sqrt() -> Tensor { unaryOperation(SquareRoot()) }

    /// `x²` element-wise.
    public func squared() -> Tensor { unaryOperation(Square()) }

    /// Each value limited to `[min, max]` (either bound may be absent). As in PyTorch, the
    /// gradient is 1 where `min ≤ x ≤ max` and 0 where the value was clamped.
    public func clamped(min lower: Float? = nil, max upper: Float? = nil) -> Tensor {
        let low = lower ?? -.infinity, high = upper ?? .infinity
        precondition(low <= high, "clamped: min \(low) exceeds max \(high)")
        return unaryOperation(Clamp(low: low, high: high))
    }

    /// Applies `function` element-wise when its derivative is the same everywhere: the backward
    /// pass is one scaled, vectorised accumulation.
    @inline(__always)
    func unaryOperation<Function: AffineElementwiseFunction>(_ function: Function) -> Tensor {
        let output = mapElements(function), input = self, slope = function.slope
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            Parallel.forEachChunk(input.count) { range in
                for index in range { target[index] += gradient[index] * slope }
            }
        }
    }

    /// Applies `function` element-wise; its derivative is evaluated from each input and output.
    @inline(__always)
    func unaryOperation<Function: ElementwiseFunction>(_ function: Function) -> Tensor {
        let output = mapElements(function), input = self
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            let source = input.storage.pointer, result = output.pointer
            Parallel.forEachChunk(input.count) { range in
                for index in range { target[index] += gradient[index] * function.derivative(source[index], result[index]) }
            }
        }
    }

    /// `function` of every value, in new storage (parallel over chunks).
    @inline(__always)
    private func mapElements<Function: ElementwiseFunction>(_ function: Function) -> TensorStorage {
        let output = TensorStorage(count: count)
        let source = storage.pointer, result = output.pointer
        Parallel.forEachChunk(count) { range in
            for index in range { result[index] = function(source[index]) }
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
