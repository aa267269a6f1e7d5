/// How two shapes combine under NumPy broadcasting, and how to walk the result quickly.
///
/// Shapes are right-aligned; an axis of extent 1 stretches to the other operand's extent.
/// The output shape is walked in row-major order; adjacent axes along which both operands
/// advance the same way are merged, so a typical case (`[B, 1, H, W]` with `[B, C, H, W]`)
/// becomes a few long contiguous segments instead of many short rows.
struct BroadcastPlan {
    /// The broadcast output shape.
    let shape: [Int]
    /// Number of output elements.
    let count: Int
    /// Extents of the merged axes (at least one), outermost first; their product is `count`.
    private let extents: [Int]
    /// Element strides of each operand along the merged axes; 0 where that operand is stretched.
    private let stridesA: [Int], stridesB: [Int]
    /// Extent and operand strides of the innermost merged axis.
    let innerCount: Int, innerStrideA: Int, innerStrideB: Int

    /// Plans `a op b`; `operation` names the op in the precondition message.
    init(_ a: [Int], _ b: [Int], operation: String) {
        let rank = max(a.count, b.count)
        let paddedA = Array(repeating: 1, count: rank - a.count) + a
        let paddedB = Array(repeating: 1, count: rank - b.count) + b
        var shape = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let (extentA, extentB) = (paddedA[axis], paddedB[axis])
            precondition(
                extentA == extentB || extentA == 1 || extentB == 1,
                "\(operation): shapes \(a) and \(b) do not broadcast")
            shape[axis] = extentA == 1 ? extentB : extentA
        }
        self.shape = shape
        count = shape.reduce(1, *)

        // Row-major strides of each operand, zeroed on stretched axes.
        func strides(_ padded: [Int]) -> [Int] {
            var result = [Int](repeating: 0, count: rank)
            var step = 1
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                result[axis] = padded[axis] == 1 ? 0 : step
                step *= padded[axis]
            }
            return result
        }
        let fullA = strides(paddedA), fullB = strides(paddedB)

        // Merge axis into the previous one when both operands stay contiguous across the pair.
        var extents: [Int] = [], mergedA: [Int] = [], mergedB: [Int] = []
        for axis in 0..<rank where shape[axis] != 1 {
            if let last = extents.indices.last,
               mergedA[last] == fullA[axis] * shape[axis], mergedB[last] == fullB[axis] * shape[axis] {
                extents[last] *= shape[axis]
                mergedA[last] = fullA[axis]
                mergedB[last] = fullB[axis]
            } else {
                extents.append(shape[axis])
                mergedA.append(fullA[axis])
                mergedB.append(fullB[axis])
            }
        }
        if extents.isEmpty { (extents, mergedA, mergedB) = ([1], [0], [0]) }
        self.extents = extents
        stridesA = mergedA
        stridesB = mergedB
        innerCount = extents[extents.count - 1]
        innerStrideA = mergedA[mergedA.count - 1]
        innerStrideB = mergedB[mergedB.count - 1]
    }

    /// Calls `body(output, a, b, length)` for the contiguous output segments covering `range`:
    /// output elements `output..<output+length` read operand elements `a + j·innerStrideA` and
    /// `b + j·innerStrideB` for `j` in `0..<length`.
    @inline(__always)
    func forEachSegment(in range: Range<Int>, _ body: (_ output: Int, _ a: Int, _ b: Int, _ length: Int) -> Void) {
        var index = range.lowerBound
        while index < range.upperBound {
            var row = index / innerCount
            let column = index - row * innerCount
            let length = min(innerCount - column, range.upperBound - index)
            var offsetA = column * innerStrideA, offsetB = column * innerStrideB
            var axis = extents.count - 2
            while axis >= 0 {
                let extent = extents[axis]
                let position = row % extent
                row /= extent
                offsetA += position * stridesA[axis]
                offsetB += position * stridesB[axis]
                axis -= 1
            }
            body(index, offsetA, offsetB, length)
            index += length
        }
    }
}
