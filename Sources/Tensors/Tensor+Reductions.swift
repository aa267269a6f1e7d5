import Parallelism

// Sums and means (whole tensor or over axes), accumulated in Double with a fixed order, and the
// element-wise minimum over a list of tensors with its argmin.

extension Tensor {
    /// The sum of all values, as a tensor of shape `[1]` (accumulated in Double).
    public func sum() -> Tensor {
        totalReduction(scale: 1)
    }

    /// The mean of all values, as a tensor of shape `[1]` (accumulated in Double).
    public func mean() -> Tensor {
        precondition(count > 0, "mean: empty tensor of shape \(shape)")
        return totalReduction(scale: 1 / Double(count))
    }

    /// Sums over `axes`. With `keepingDimensions` the reduced axes stay with extent 1
    /// (`[B, C, H, W]` over `[1]` → `[B, 1, H, W]`); without, they are dropped (`[B, H, W]`).
    public func sum(axes: [Int], keepingDimensions: Bool = true) -> Tensor {
        axisReduction(axes: axes, keepingDimensions: keepingDimensions, operation: "sum", averaging: false)
    }

    /// Means over `axes`; shapes as in ``sum(axes:keepingDimensions:)``.
    public func mean(axes: [Int], keepingDimensions: Bool = true) -> Tensor {
        axisReduction(axes: axes, keepingDimensions: keepingDimensions, operation: "mean", averaging: true)
    }

    /// `scale · Σ x` as a `[1]` tensor.
    private func totalReduction(scale: Double) -> Tensor {
        let source = storage.pointer
        let total = Parallel.sum(count) { range in
            var partial = 0.0
            for index in range { partial += Double(source[index]) }
            return partial
        }
        let output = TensorStorage(count: 1)
        output.pointer[0] = Float(total * scale)
        let input = self
        // d/dx (s · Σ x) = s
        return .result(shape: [1], storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            let share = Float(Double(gradient[0]) * scale)
            Parallel.forEachChunk(input.count) { range in
                for index in range { target[index] += share }
            }
        }
    }

    /// Sum (or mean) over `axes`.
    private func axisReduction(axes: [Int], keepingDimensions: Bool, operation: String, averaging: Bool) -> Tensor {
        precondition(axes.allSatisfy { (0..<rank).contains($0) } && Set(axes).count == axes.count,
                     "\(operation)(axes:): axes \(axes) invalid for shape \(shape)")
        var keptShape = shape
        for axis in axes { keptShape[axis] = 1 }
        let reducedCount = axes.reduce(1) { $0 * shape[$1] }
        let scale = averaging ? 1 / Double(Swift.max(reducedCount, 1)) : 1
        // The input is the full "output" of a broadcast whose second operand is the result.
        let plan = BroadcastPlan(shape, keptShape, operation: operation)
        let resultCount = keptShape.reduce(1, *)
        let output = TensorStorage(count: resultCount)
        var totals = [Double](repeating: 0, count: resultCount)
        let source = storage.pointer, innerStride = plan.innerStrideB
        totals.withUnsafeMutableBufferPointer { totals in
            plan.forEachSegment(in: 0..<count) { start, _, offset, length in
                if innerStride == 0 {
                    var partial = 0.0
                    for j in 0..<length { partial += Double(source[start + j]) }
                    totals[offset] += partial
                } else {
                    for j in 0..<length { totals[offset + j * innerStride] += Double(source[start + j]) }
                }
            }
            for index in 0..<resultCount { output.pointer[index] = Float(totals[index] * scale) }
        }
        let resultShape = keepingDimensions ? keptShape : shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
        let input = self
        // d/dx_i (s · Σ_axes x) = s, for every i reduced into that output
        return .result(shape: resultShape, storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            let factor = Float(scale)
            Parallel.forEachChunk(input.count) { range in
                plan.forEachSegment(in: range) { start, _, offset, length in
                    for j in 0..<length { target[start + j] += gradient[offset + j * innerStride] * factor }
                }
            }
        }
    }
}

/// The element-wise minimum over `tensors` (all of one shape) and, per element, the index of the
/// tensor it came from (ties go to the lowest index). The gradient flows to the selected input
/// only: the per-pixel minimum reprojection error of Monodepth2.
public func stackedMinimum(_ tensors: [Tensor]) -> (values: Tensor, indices: [Int32]) {
    precondition(!tensors.isEmpty, "stackedMinimum: no tensors")
    let shape = tensors[0].shape
    for tensor in tensors {
        precondition(tensor.shape == shape, "stackedMinimum: shapes \(shape) vs \(tensor.shape)")
    }
    let count = tensors[0].count
    let sources = tensors.map { UnsafePointer($0.storage.pointer) }
    let output = TensorStorage(count: count)
    var indices = [Int32](repeating: 0, count: count)
    indices.withUnsafeMutableBufferPointer { indices in
        sources.withUnsafeBufferPointer { sources in
            let result = output.pointer, chosen = indices.baseAddress!
            Parallel.forEachChunk(count) { range in
                result.advanced(by: range.lowerBound).update(from: sources[0] + range.lowerBound, count: range.count)
                chosen.advanced(by: range.lowerBound).update(repeating: 0, count: range.count)
                for source in 1..<sources.count {
                    let values = sources[source], label = Int32(source)
                    for index in range where values[index] < result[index] {
                        result[index] = values[index]
                        chosen[index] = label
                    }
                }
            }
        }
    }
    let selection = indices
    // d/dx_k min_k x_k = 1 where k is the argmin, 0 elsewhere
    let values = Tensor.result(shape: shape, storage: output, inputs: tensors) { gradient in
        let targets = tensors.map { $0.gradientTarget() }
        selection.withUnsafeBufferPointer { selection in
            Parallel.forEachChunk(count) { range in
                for index in range {
                    if let target = targets[Int(selection[index])] { target[index] += gradient[index] }
                }
            }
        }
    }
    return (values, indices)
}
