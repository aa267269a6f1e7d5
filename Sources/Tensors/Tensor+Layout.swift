import Parallelism

// Copies that rearrange values: axis permutation, slicing along one axis, concatenation.

extension Tensor {
    /// The tensor with its axes reordered: output axis `i` is input axis `axes[i]`
    /// (`[B, C, H, W]`.permuted([0, 2, 3, 1]) → `[B, H, W, C]`). Copies into row-major order.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.count == rank && axes.sorted() == Array(0..<rank),
                     "permuted: \(axes) is not a permutation of the axes of \(shape)")
        var inputStrides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { inputStrides[axis] = inputStrides[axis + 1] * shape[axis + 1] }
        let outputShape = axes.map { shape[$0] }
        let walk = StridedWalk(extents: outputShape, strides: axes.map { inputStrides[$0] })
        let output = TensorStorage(count: count)
        let source = storage.pointer, result = output.pointer
        // out[i0, i1, ...] = in[index with axis axes[k] at i_k]
        walk.forEachSegment { start, offset, length, stride in
            for j in 0..<length { result[start + j] = source[offset + j * stride] }
        }
        let input = self
        // d in[permuted index] += d out[index] (the same map, written the other way)
        return .result(shape: outputShape, storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            walk.forEachSegment { start, offset, length, stride in
                for j in 0..<length { target[offset + j * stride] += gradient[start + j] }
            }
        }
    }

    /// The elements with index in `range` along `axis` (a copy):
    /// `[..., n, ...]` → `[..., range.count, ...]`.
    public func sliced(axis: Int, range: Range<Int>) -> Tensor {
        precondition((0..<rank).contains(axis) && range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "sliced: axis \(axis) range \(range) outside shape \(shape)")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let extent = shape[axis], block = range.count * inner
        var outputShape = shape
        outputShape[axis] = range.count
        let output = TensorStorage(count: outer * block)
        let source = storage.pointer, result = output.pointer
        // out[o, i, r] = in[o, range.lowerBound + i, r]   viewing shapes as [outer, extent, inner]
        for index in 0..<outer {
            (result + index * block).update(from: source + (index * extent + range.lowerBound) * inner, count: block)
        }
        let input = self
        // d in[o, range.lowerBound + i, r] += d out[o, i, r]
        return .result(shape: outputShape, storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            for index in 0..<outer {
                let destination = target + (index * extent + range.lowerBound) * inner, upstream = gradient + index * block
                for j in 0..<block { destination[j] += upstream[j] }
            }
        }
    }
}

/// Joins `tensors` along `axis`; all other extents must match
/// (`[2, 3, 4]` and `[2, 5, 4]` along 1 → `[2, 8, 4]`).
public func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "concatenate: no tensors")
    let first = tensors[0].shape
    precondition((0..<first.count).contains(axis), "concatenate: axis \(axis) outside shape \(first)")
    for tensor in tensors {
        var expected = first, actual = tensor.shape
        precondition(expected.count == actual.count, "concatenate: shapes \(first) vs \(tensor.shape) along axis \(axis)")
        expected[axis] = 0
        actual[axis] = 0
        precondition(expected == actual, "concatenate: shapes \(first) vs \(tensor.shape) along axis \(axis)")
    }
    let outer = first[..<axis].reduce(1, *), inner = first[(axis + 1)...].reduce(1, *)
    let blocks = tensors.map { $0.shape[axis] * inner }
    let outputBlock = blocks.reduce(0, +)
    var outputShape = first
    outputShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
    let output = TensorStorage(count: outer * outputBlock)
    let result = output.pointer
    // out[o, offset_t + i, r] = t[o, i, r]   viewing shapes as [outer, extent, inner]
    var offset = 0
    for (tensor, block) in zip(tensors, blocks) {
        let source = tensor.storage.pointer
        for index in 0..<outer {
            (result + index * outputBlock + offset).update(from: source + index * block, count: block)
        }
        offset += block
    }
    // d t[o, i, r] += d out[o, offset_t + i, r]
    return .result(shape: outputShape, storage: output, inputs: tensors) { gradient in
        var offset = 0
        for (tensor, block) in zip(tensors, blocks) {
            if let target = tensor.gradientTarget() {
                for index in 0..<outer {
                    let destination = target + index * block, upstream = gradient + index * outputBlock + offset
                    for j in 0..<block { destination[j] += upstream[j] }
                }
            }
            offset += block
        }
    }
}

/// A row-major walk over `extents` that reads a second array through arbitrary `strides`
/// (one per axis): the index map of a permutation. The innermost axis forms the segments.
private struct StridedWalk {
    let extents: [Int], strides: [Int]

    /// Calls `body(start, offset, length, stride)` for each innermost row: contiguous elements
    /// `start..<start+length` correspond to strided elements `offset + j·stride`. Rows are
    /// spread over the cores; each row is handled by one call.
    func forEachSegment(_ body: (_ start: Int, _ offset: Int, _ length: Int, _ stride: Int) -> Void) {
        guard let inner = extents.last else { body(0, 0, 1, 0); return }
        let innerStride = strides[strides.count - 1]
        let rows = extents.dropLast().reduce(1, *)
        guard inner > 0 else { return }
        Parallel.forEachChunk(rows, minimumPerChunk: Swift.max(1, 4096 / inner)) { range in
            for row in range {
                var remaining = row, offset = 0, axis = extents.count - 2
                while axis >= 0 {
                    let position = remaining % extents[axis]
                    remaining /= extents[axis]
                    offset += position * strides[axis]
                    axis -= 1
                }
                body(row * inner, offset, inner, innerStride)
            }
        }
    }
}
