import Parallelism

// Element-wise `+ - * /` between tensors (NumPy broadcasting) and with Float scalars.
// Gradients of a stretched operand are summed over the axes it was stretched along.

extension Tensor {
    /// `a + b` element-wise; shapes broadcast (right-aligned, size-1 axes stretch).
    public static func + (a: Tensor, b: Tensor) -> Tensor { binaryBroadcastOperation(a, b, Addition.self) }

    /// `a - b` element-wise; shapes broadcast.
    public static func - (a: Tensor, b: Tensor) -> Tensor { binaryBroadcastOperation(a, b, Subtraction.self) }

    /// `a * b` element-wise; shapes broadcast.
    public static func * (a: Tensor, b: Tensor) -> Tensor { binaryBroadcastOperation(a, b, Multiplication.self) }

    /// `a / b` element-wise; shapes broadcast.
    public static func / (a: Tensor, b: Tensor) -> Tensor { binaryBroadcastOperation(a, b, Division.self) }

    /// `tensor + scalar` element-wise.
    public static func + (tensor: Tensor, scalar: Float) -> Tensor {
        tensor.unaryOperation(Shifted(offset: scalar))
    }

    /// `scalar + tensor` element-wise.
    public static func + (scalar: Float, tensor: Tensor) -> Tensor {
        tensor.unaryOperation(Shifted(offset: scalar))
    }

    /// `tensor - scalar` element-wise.
    public static func - (tensor: Tensor, scalar: Float) -> Tensor {
        tensor.unaryOperation(Shifted(offset: -scalar))
    }

    /// `scalar - tensor` element-wise.
    public static func - (scalar: Float, tensor: Tensor) -> Tensor {
        tensor.unaryOperation(SubtractedFrom(minuend: scalar))
    }

    /// `tensor * scalar` element-wise.
    public static func * (tensor: Tensor, scalar: Float) -> Tensor {
        tensor.unaryOperation(Scaled(factor: scalar))
    }

    /// `scalar * tensor` element-wise.
    public static func * (scalar: Float, tensor: Tensor) -> Tensor {
        tensor.unaryOperation(Scaled(factor: scalar))
    }

    /// `tensor / scalar` element-wise.
    public static func / (tensor: Tensor, scalar: Float) -> Tensor {
        tensor.unaryOperation(Divided(divisor: scalar))
    }

    /// `scalar / tensor` element-wise.
    public static func / (scalar: Float, tensor: Tensor) -> Tensor {
        tensor.unaryOperation(DividedInto(numerator: scalar))
    }

    /// `-tensor` element-wise.
    public static prefix func - (tensor: Tensor) -> Tensor {
        tensor.unaryOperation(Scaled(factor: -1))
    }

    /// Applies `Operator.apply(a, b)` element-wise over the broadcast shape of `a` and `b`.
    ///
    /// `Operator.gradientA(g, a, b)` and `gradientB(g, a, b)` give each operand's share of the
    /// output gradient `g` at one element; a stretched operand sums its shares over the
    /// stretched axes. The operator is a type, so its functions are inlined into the loops.
    @inline(__always)
    static func binaryBroadcastOperation<Operator: BinaryElementwiseOperator>(
        _ a: Tensor, _ b: Tensor, _ op: Operator.Type
    ) -> Tensor {
        let plan = BroadcastPlan(a.shape, b.shape, operation: Operator.name)
        let output = TensorStorage(count: plan.count)
        let valuesA = a.storage.pointer, valuesB = b.storage.pointer, result = output.pointer
        if a.shape == b.shape {
            Parallel.forEachChunk(plan.count) { range in
                for index in range { result[index] = Operator.apply(valuesA[index], valuesB[index]) }
            }
        } else {
            let (strideA, strideB) = (plan.innerStrideA, plan.innerStrideB)
            Parallel.forEachChunk(plan.count) { range in
                plan.forEachSegment(in: range) { start, offsetA, offsetB, length in
                    for j in 0..<length {
                        result[start + j] = Operator.apply(valuesA[offsetA + j * strideA], valuesB[offsetB + j * strideB])
                    }
                }
            }
        }
        return .result(shape: plan.shape, storage: output, inputs: [a, b]) { gradient in
            if let target = a.gradientTarget() {
                accumulateBroadcastGradient(into: target, share: FirstOperandShare<Operator>.self, operandCount: a.count,
                                            plan: plan, gradient: gradient, a: a.storage.pointer, b: b.storage.pointer)
            }
            if let target = b.gradientTarget() {
                accumulateBroadcastGradient(into: target, share: SecondOperandShare<Operator>.self, operandCount: b.count,
                                            plan: plan, gradient: gradient, a: a.storage.pointer, b: b.storage.pointer)
            }
        }
    }

    /// Adds `Share.share(g, a, b)` of every output element into the gradient of the operand
    /// that `Share` names (a type, so that its arithmetic is inlined into the loops). An operand
    /// as large as the output maps elements one to one and is updated in parallel. A stretched
    /// one receives several rows of the output (the plan's innermost segments): when it is
    /// stretched along the innermost axis, each row's share is summed in Double with four
    /// interleaved partial sums (rows in parallel) and the row totals are added in row order;
    /// otherwise the columns are split across cores and every element still receives its rows
    /// in order. Both depend only on the shapes, so the bits are the same run to run.
    @inline(__always)
    static func accumulateBroadcastGradient<Share: OperandGradientShare>(
        into target: UnsafeMutablePointer<Float>, share: Share.Type, operandCount: Int, plan: BroadcastPlan,
        gradient: UnsafePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>
    ) {
        let ofFirst = Share.isFirstOperand
        let (strideA, strideB) = (plan.innerStrideA, plan.innerStrideB)
        let targetStride = ofFirst ? strideA : strideB
        if plan.innerCount == plan.count && strideA == 1 && strideB == 1 {
            // both operands as large as the output, in its order: one flat loop, vectorised
            Parallel.forEachChunk(plan.count) { range in
                for index in range { target[index] += Share.share(gradient[index], a[index], b[index]) }
            }
            return
        }
        if operandCount == plan.count {
            Parallel.forEachChunk(plan.count) { range in
                plan.forEachSegment(in: range) { start, offsetA, offsetB, length in
                    let offset = ofFirst ? offsetA : offsetB
                    for j in 0..<length {
                        target[offset + j * targetStride] += Share.share(
                            gradient[start + j], a[offsetA + j * strideA], b[offsetB + j * strideB])
                    }
                }
            }
            return
        }
        let rowLength = plan.innerCount, rows = plan.count / rowLength
        if targetStride == 0 {
            // [rows]: each row's total and the target element it belongs to
            let totals = UnsafeMutableBufferPointer<Double>.allocate(capacity: rows)
            let offsets = UnsafeMutableBufferPointer<Int>.allocate(capacity: rows)
            defer { totals.deallocate(); offsets.deallocate() }
            Parallel.forEachChunk(rows, minimumPerChunk: max(1, 4096 / rowLength)) { rowRange in
                plan.forEachSegment(in: rowRange.lowerBound * rowLength..<rowRange.upperBound * rowLength) { start, offsetA, offsetB, length in
                    // four running sums, so that the additions do not wait on each other
                    @inline(__always) func shareAt(_ j: Int) -> Double {
                        Double(Share.share(gradient[start + j], a[offsetA + j * strideA], b[offsetB + j * strideB]))
                    }
                    var partials = SIMD4<Double>.zero
                    var j = 0
                    while j + 4 <= length {
                        partials += SIMD4(shareAt(j), shareAt(j + 1), shareAt(j + 2), shareAt(j + 3))
                        j += 4
                    }
                    var total = (partials[0] + partials[1]) + (partials[2] + partials[3])
                    while j < length { total += shareAt(j); j += 1 }
                    totals[start / rowLength] = total
                    offsets[start / rowLength] = ofFirst ? offsetA : offsetB
                }
            }
            for row in 0..<rows { target[offsets[row]] += Float(totals[row]) }
            return
        }
        Parallel.forEachChunk(rowLength, minimumPerChunk: max(1, 4096 / rows)) { columns in
            plan.forEachSegment(in: 0..<plan.count) { start, offsetA, offsetB, _ in
                let offset = ofFirst ? offsetA : offsetB
                for j in columns {
                    target[offset + j * targetStride] += Share.share(
                        gradient[start + j], a[offsetA + j * strideA], b[offsetB + j * strideB])
                }
            }
        }
    }
}

/// An element-wise binary operator with its partial derivatives, for
/// ``Tensor/binaryBroadcastOperation(_:_:_:)``.
protocol BinaryElementwiseOperator {
    /// The op's name in shape-mismatch messages.
    static var name: String { get }
    /// `a op b`.
    static func apply(_ a: Float, _ b: Float) -> Float
    /// `g · ∂(a op b)/∂a`.
    static func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float
    /// `g · ∂(a op b)/∂b`.
    static func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float
}

/// One operand's share `g · ∂(a op b)/∂operand` of an output gradient, as a type.
protocol OperandGradientShare {
    /// Whether the share is the first operand's (`a`).
    static var isFirstOperand: Bool { get }
    static func share(_ g: Float, _ a: Float, _ b: Float) -> Float
}

/// The first operand's share: `Operator.gradientA`.
enum FirstOperandShare<Operator: BinaryElementwiseOperator>: OperandGradientShare {
    static var isFirstOperand: Bool { true }
    @inline(__always) static func share(_ g: Float, _ a: Float, _ b: Float) -> Float { Operator.gradientA(g, a, b) }
}

/// The second operand's share: `Operator.gradientB`.
enum SecondOperandShare<Operator: BinaryElementwiseOperator>: OperandGradientShare {
    static var isFirstOperand: Bool { false }
    @inline(__always) static func share(_ g: Float, _ a: Float, _ b: Float) -> Float { Operator.gradientB(g, a, b) }
}

/// d/da (a + b) = 1, d/db (a + b) = 1
enum Addition: BinaryElementwiseOperator {
    static let name = "+"
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b }
    @inline(__always) static func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float { g }
    @inline(__always) static func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float { g }
}

/// d/da (a − b) = 1, d/db (a − b) = −1
enum Subtraction: BinaryElementwiseOperator {
    static let name = "-"
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b }
    @inline(__always) static func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float { g }
    @inline(__always) static func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float { -g }
}

/// d/da (a·b) = b, d/db (a·b) = a
enum Multiplication: BinaryElementwiseOperator {
    static let name = "*"
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b }
    @inline(__always) static func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float { g * b }
    @inline(__always) static func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float { g * a }
}

/// d/da (a/b) = 1/b, d/db (a/b) = −a/b²
enum Division: BinaryElementwiseOperator {
    static let name = "/"
    @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b }
    @inline(__always) static func gradientA(_ g: Float, _ a: Float, _ b: Float) -> Float { g / b }
    @inline(__always) static func gradientB(_ g: Float, _ a: Float, _ b: Float) -> Float { -g * a / (b * b) }
}
