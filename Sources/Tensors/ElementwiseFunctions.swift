#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An element-wise function of one tensor and its derivative, as a value type: the unary ops
/// are specialised for each conforming type, so its arithmetic is inlined into their loops
/// (a closure would cost a call per element, which no optimiser pass removed).
protocol ElementwiseFunction {
    /// `y = f(x)`.
    func callAsFunction(_ x: Float) -> Float
    /// `dy/dx` from the input `x` and the output `y = f(x)`.
    func derivative(_ x: Float, _ y: Float) -> Float
}

/// A function whose derivative is the same everywhere (`x + s`, `s·x`, ...): the backward pass
/// is one scaled accumulation that reads neither input nor output.
protocol AffineElementwiseFunction: ElementwiseFunction {
    /// `dy/dx`, everywhere.
    var slope: Float { get }
}

extension AffineElementwiseFunction {
    @inline(__always) func derivative(_ x: Float, _ y: Float) -> Float { slope }
}

/// `x + offset` (also `x − s` as `x + (−s)`: IEEE subtraction is addition of the negation).
struct Shifted: AffineElementwiseFunction {
    let offset: Float
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x + offset }
    var slope: Float { 1 }   // d/dx (x + s) = 1
}

/// `minuend − x`.
struct SubtractedFrom: AffineElementwiseFunction {
    let minuend: Float
    @inline(__always) func callAsFunction(_ x: Float) -> Float { minuend - x }
    var slope: Float { -1 }   // d/dx (s − x) = −1
}

/// `x · factor` (also `−x` as `x · (−1)`, which gives the same bits, signed zeros included).
struct Scaled: AffineElementwiseFunction {
    let factor: Float
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x * factor }
    var slope: Float { factor }   // d/dx (x·s) = s
}

/// `x / divisor`.
struct Divided: AffineElementwiseFunction {
    let divisor: Float
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x / divisor }
    var slope: Float { 1 / divisor }   // d/dx (x/s) = 1/s
}

/// `numerator / x`.
struct DividedInto: ElementwiseFunction {
    let numerator: Float
    @inline(__always) func callAsFunction(_ x: Float) -> Float { numerator / x }
    // d/dx (s/x) = −s/x² = −y/x
    @inline(__always) func derivative(_ x: Float, _ y: Float) -> Float { -y / x }
}

/// `|x|`; the derivative at 0 is taken as 0.
struct AbsoluteValue: ElementwiseFunction {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Swift.abs(x) }
    // d/dx |x| = sign(x)
    @inline(__always) func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

/// `eˣ`.
struct Exponential: ElementwiseFunction {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { expf(x) }
    // d/dx eˣ = eˣ = y
    @inline(__always) func derivative(_ x: Float, _ y: Float) -> Float { y }
}

/// `ln x`.
struct NaturalLogarithm: ElementwiseFunction {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { logf(x) }
    // d/dx ln x = 1/x
    @inline(__always) func derivative(_ x: Float, _ y: Float) -> Float { 1 / x }
}

/// `√x`.
struct SquareRoot: ElementwiseFunction {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x.squareRoot() }
    // d/dx √x = 1 / (2√x) = 1 / (2y)
    @inline(__always) func derivative(_ x: Float, _ y: Float) -> Float { 0.5 / y }
}

/// `x²`.
struct Square: ElementwiseFunction {
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x * x }
    // d/dx x² = 2x
    @inline(__always) func derivative(_ x: Float, _ y: Float) -> Float { 2 * x }
}

/// `x` limited to `[low, high]`; as in PyTorch the derivative is 1 where `low ≤ x ≤ high`.
struct Clamp: ElementwiseFunction {
    let low: Float, high: Float
    @inline(__always) func callAsFunction(_ x: Float) -> Float { Swift.min(Swift.max(x, low), high) }
    // d/dx clamp(x) = 1 (low ≤ x ≤ high), 0 otherwise
    @inline(__always) func derivative(_ x: Float, _ y: Float) -> Float { x >= low && x <= high ? 1 : 0 }
}
