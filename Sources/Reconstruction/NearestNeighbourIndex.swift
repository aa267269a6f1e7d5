/// Exact nearest-neighbour distances to a fixed point set, through a balanced k-d tree.
///
/// The tree is complete: `leafCount` (a power of two) leaves of at most `leafCapacity` points,
/// node `i` having children `2i + 1` and `2i + 2`, so it lives in flat arrays with no pointers.
/// Each node splits its points at the median of the widest axis of their bounding box and keeps
/// that box. A query descends the nearer child first and skips every node whose box lies no
/// nearer than the best distance found, so its cost stays near logarithmic however far it lies
/// from the points (Friedman, Bentley & Finkel 1977, "An algorithm for finding best matches in
/// logarithmic expected time").
struct NearestNeighbourIndex: Sendable {
    /// The bounding box of one node's points.
    private struct Box: Sendable {
        var lower: SIMD3<Float>
        var upper: SIMD3<Float>

        /// The squared distance from `query` to the box (0 inside). Never larger than the squared
        /// distance to any point of the box as `squaredDistance` rounds it, since each step of
        /// the arithmetic is monotone: pruning with it keeps the search exact.
        @inline(__always)
        func squaredDistance(to query: SIMD3<Float>) -> Float {
            let outside = pointwiseMax(pointwiseMax(lower - query, query - upper), .zero)
            return (outside * outside).sum()
        }
    }

    /// The most points a leaf holds.
    static let leafCapacity = 12
    /// The points, reordered so that each leaf's points are contiguous.
    private let points: [SIMD3<Float>]
    /// Each node's bounding box, root first, then level by level.
    private let boxes: [Box]
    /// The start of each leaf's points in `points`, plus `points.count` at the end.
    private let leafStarts: [Int32]

    /// An index of `points` (finite, non-empty).
    init(points unordered: [SIMD3<Float>]) {
        precondition(!unordered.isEmpty, "NearestNeighbourIndex: no points")
        precondition(unordered.count < Int(Int32.max), "NearestNeighbourIndex: \(unordered.count) points, more than Int32 indexes")
        var leafCount = 1
        while unordered.count > leafCount * Self.leafCapacity { leafCount *= 2 }
        var points = unordered
        var boxes = [Box](repeating: Box(lower: .zero, upper: .zero), count: 2 * leafCount - 1)
        var leafStarts = [Int32](repeating: Int32(points.count), count: leafCount + 1)
        points.withUnsafeMutableBufferPointer { points in
            boxes.withUnsafeMutableBufferPointer { boxes in
                leafStarts.withUnsafeMutableBufferPointer { leafStarts in
                    Self.build(node: 0, range: 0..<points.count, points: points, boxes: boxes, leafStarts: leafStarts)
                }
            }
        }
        self.points = points
        self.boxes = boxes
        self.leafStarts = leafStarts
    }

    /// Fills the box of `node` (holding `range`) and splits it, down to the leaves, whose starts
    /// it records.
    private static func build(node: Int, range: Range<Int>, points: UnsafeMutableBufferPointer<SIMD3<Float>>,
                              boxes: UnsafeMutableBufferPointer<Box>, leafStarts: UnsafeMutableBufferPointer<Int32>) {
        var box = Box(lower: points[range.lowerBound], upper: points[range.lowerBound])
        for i in range {
            box.lower = pointwiseMin(box.lower, points[i])
            box.upper = pointwiseMax(box.upper, points[i])
        }
        boxes[node] = box
        let firstLeaf = leafStarts.count - 2
        guard node < firstLeaf else { leafStarts[node - firstLeaf] = Int32(range.lowerBound); return }
        let extent = box.upper - box.lower
        let axis = extent.x >= extent.y && extent.x >= extent.z ? 0 : (extent.y >= extent.z ? 1 : 2)
        let middle = (range.lowerBound + range.upperBound) / 2
        select(middle, in: range, axis: axis, points: points)
        build(node: 2 * node + 1, range: range.lowerBound..<middle, points: points, boxes: boxes, leafStarts: leafStarts)
        build(node: 2 * node + 2, range: middle..<range.upperBound, points: points, boxes: boxes, leafStarts: leafStarts)
    }

    /// Reorders `points[range]` so that no point before `k` lies above `points[k]` on `axis` and
    /// none after it below (Hoare's FIND with a median-of-three pivot; even splits on duplicates).
    private static func select(_ k: Int, in range: Range<Int>, axis: Int, points: UnsafeMutableBufferPointer<SIMD3<Float>>) {
        var low = range.lowerBound, high = range.upperBound - 1
        while low < high {
            let a = points[low][axis], b = points[(low + high) / 2][axis], c = points[high][axis]
            let pivot = max(min(a, b), min(max(a, b), c))
            var i = low, j = high
            while i <= j {
                while points[i][axis] < pivot { i += 1 }
                while points[j][axis] > pivot { j -= 1 }
                if i <= j { points.swapAt(i, j); i += 1; j -= 1 }
            }
            // Now points[low...j] ≤ pivot ≤ points[i...high], and anything between equals it.
            if k <= j { high = j } else if k >= i { low = i } else { return }
        }
    }

    /// The distance from `query` to the nearest indexed point, exactly as a brute-force minimum
    /// of `((p - query) * (p - query)).sum().squareRoot()` gives it.
    func nearestDistance(to query: SIMD3<Float>) -> Float {
        points.withUnsafeBufferPointer { points in
            boxes.withUnsafeBufferPointer { boxes in
                leafStarts.withUnsafeBufferPointer { leafStarts in
                    Self.nearestSquaredDistance(to: query, points: points, boxes: boxes, leafStarts: leafStarts).squareRoot()
                }
            }
        }
    }

    /// Branch and bound over the tree with an explicit stack of (node, squared box distance);
    /// the nearer child is pushed last so that it is searched first.
    private static func nearestSquaredDistance(to query: SIMD3<Float>, points: UnsafeBufferPointer<SIMD3<Float>>,
                                               boxes: UnsafeBufferPointer<Box>, leafStarts: UnsafeBufferPointer<Int32>) -> Float {
        let firstLeaf = leafStarts.count - 2
        // A complete tree of at most 2^31 leaves: the stack holds at most one entry per level
        // plus one.
        return withUnsafeTemporaryAllocation(of: (node: Int, distance: Float).self, capacity: 64) { stack in
            var best = Float.infinity
            var count = 1
            stack[0] = (0, boxes[0].squaredDistance(to: query))
            while count > 0 {
                count -= 1
                let (node, distance) = stack[count]
                guard distance < best else { continue }
                if node >= firstLeaf {
                    let leaf = node - firstLeaf
                    for i in Int(leafStarts[leaf])..<Int(leafStarts[leaf + 1]) {
                        let difference = points[i] - query
                        best = min(best, (difference * difference).sum())
                    }
                    continue
                }
                let left = 2 * node + 1, right = left + 1
                let toLeft = boxes[left].squaredDistance(to: query), toRight = boxes[right].squaredDistance(to: query)
                let (near, far) = toLeft <= toRight ? ((left, toLeft), (right, toRight)) : ((right, toRight), (left, toLeft))
                if far.1 < best { stack[count] = far; count += 1 }
                if near.1 < best { stack[count] = near; count += 1 }
            }
            return best
        }
    }
}
