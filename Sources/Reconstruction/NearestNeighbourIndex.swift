/// Exact nearest-neighbour distances to a fixed point set, through uniform grids of cells.
///
/// Points are sorted by cell; a query searches rings of cells around its own cell until the
/// best distance found is provably the nearest. Coarser grids (cells 8 times larger) take over
/// when nothing lies within a few rings; the coarsest, a few cells across, is searched cell by
/// cell, so far-away queries stay cheap.
struct NearestNeighbourIndex: Sendable {
    /// One grid: the points sorted by cell, and each cell's range in that order.
    private struct Grid: Sendable {
        var cellSize: Float
        var table = VoxelHashTable()
        var starts: [Int32] = []
        var cells: [SIMD3<Int32>] = []
        var points: [SIMD3<Float>] = []

        init(points unsorted: [SIMD3<Float>], cellSize: Float) {
            self.cellSize = cellSize
            let inverse = 1 / cellSize
            let order = unsorted.indices
                .map { (VoxelKey.key(of: unsorted[$0], inverseSize: inverse), Int32($0)) }
                .sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            points.reserveCapacity(order.count)
            for (key, index) in order {
                if table.index(inserting: key).inserted {
                    starts.append(Int32(points.count))
                    cells.append(VoxelKey.cell(of: key))
                }
                points.append(unsorted[Int(index)])
            }
            starts.append(Int32(points.count))
        }

        /// Improves `best` (a squared distance) with every cell that may hold a nearer point.
        func searchAllCells(query: SIMD3<Float>, best: inout Float) {
            for (slot, cell) in cells.enumerated() {
                let lower = SIMD3<Float>(cell) * cellSize
                let outside = pointwiseMax(pointwiseMax(lower - query, query - (lower + cellSize)), .zero)
                guard (outside * outside).sum() < best else { continue }
                for index in Int(starts[slot])..<Int(starts[slot + 1]) {
                    let difference = points[index] - query
                    best = min(best, (difference * difference).sum())
                }
            }
        }

        /// Improves `best` (a squared distance) with the points of the cells at ring `ring`
        /// around `cell`.
        func search(ring: Int32, around cell: SIMD3<Int32>, query: SIMD3<Float>, best: inout Float) {
            for dz in -ring...ring {
                for dy in -ring...ring {
                    let onShell = abs(dz) == ring || abs(dy) == ring
                    let step = onShell ? 1 : 2 * ring
                    for dx in stride(from: -ring, through: ring, by: Int(max(1, step))) {
                        guard let slot = table.index(of: VoxelKey.key(ofCell: cell &+ [dx, dy, dz])) else { continue }
                        for index in Int(starts[slot])..<Int(starts[slot + 1]) {
                            let difference = points[index] - query
                            best = min(best, (difference * difference).sum())
                        }
                    }
                }
            }
        }
    }

    private var grids: [Grid] = []
    private static let ringsPerGrid: Int32 = 2

    /// An index of `points` (finite, non-empty) with finest cells of `cellSize` metres.
    init(points: [SIMD3<Float>], cellSize: Float) {
        precondition(!points.isEmpty, "NearestNeighbourIndex: no points")
        let lower = points.reduce(points[0]) { pointwiseMin($0, $1) }
        let upper = points.reduce(points[0]) { pointwiseMax($0, $1) }
        let extent = (upper - lower).max()
        var size = cellSize
        while true {
            grids.append(Grid(points: points, cellSize: size))
            if extent < size * Float(2 * Self.ringsPerGrid) { break }
            size *= 8
        }
    }

    /// The distance from `query` to the nearest indexed point.
    func nearestDistance(to query: SIMD3<Float>) -> Float {
        var best = Float.infinity
        for (level, grid) in grids.enumerated() {
            let cellKey = VoxelKey.key(of: query, inverseSize: 1 / grid.cellSize)
            guard cellKey != VoxelKey.none else { return .infinity }
            let cell = VoxelKey.cell(of: cellKey)
            for ring in 0...Self.ringsPerGrid {
                grid.search(ring: ring, around: cell, query: query, best: &best)
                let cleared = Float(ring) * grid.cellSize   // every point this near has been seen
                if best <= cleared * cleared { return best.squareRoot() }
            }
            if level == grids.count - 1 { grid.searchAllCells(query: query, best: &best) }
        }
        return best.squareRoot()
    }
}
