import Foundation

/// Why no path could be planned; every case names the points involved (floor coordinates, metres).
public enum PathPlanningError: Error, CustomStringConvertible, Equatable {
    /// The start or goal (`role`) lies outside the grid.
    case outsideGrid(role: String, point: SIMD2<Double>, low: SIMD2<Double>, high: SIMD2<Double>)
    /// The start or goal (`role`) lies in a cell the robot cannot stand in; `reason` says why.
    case blocked(role: String, point: SIMD2<Double>, reason: String)
    /// No collision-free path joins start and goal.
    case unreachable(start: SIMD2<Double>, goal: SIMD2<Double>, reachableCells: Int)

    /// What went wrong, with the coordinates.
    public var description: String {
        switch self {
        case let .outsideGrid(role, point, low, high):
            return "\(role) \(show(point)) m is outside the map, which spans \(show(low)) to \(show(high)) m"
        case let .blocked(role, point, reason):
            return "\(role) \(show(point)) m is \(reason)"
        case let .unreachable(start, goal, reachableCells):
            return "goal \(show(goal)) m is unreachable from start \(show(start)) m: they lie in disconnected free regions "
                + "(\(reachableCells) cells reachable from the start)"
        }
    }
}

/// "(x, y)" with two decimals.
private func show(_ point: SIMD2<Double>) -> String { "(\(format(point.x)), \(format(point.y)))" }

extension OccupancyGrid {
    /// For every cell, whether its centre lies within `robotRadius` of an occupied cell's centre
    /// (occupied cells included): the cells a robot of that radius cannot have its centre in.
    /// Computed by dilating the occupied cells with a disc of cell offsets.
    public func inflatedObstacles(robotRadius: Double) -> [Bool] {
        let reach = Int((robotRadius / cellSize).rounded(.down))
        var disc: [(Int, Int)] = []
        for dy in -reach...reach {
            for dx in -reach...reach where Double(dx * dx + dy * dy) * cellSize * cellSize <= robotRadius * robotRadius {
                disc.append((dx, dy))
            }
        }
        var inflated = [Bool](repeating: false, count: cells.count)
        for row in 0..<height {
            for column in 0..<width where self[column, row] == .occupied {
                for (dx, dy) in disc {
                    let (x, y) = (column + dx, row + dy)
                    if x >= 0, y >= 0, x < width, y < height { inflated[y * width + x] = true }
                }
            }
        }
        return inflated
    }
}

/// Plans a shortest collision-free path on `grid` from `start` to `goal` (floor coordinates,
/// metres) for a round robot of `robotRadius` metres.
///
/// A* over cells with 8-connectivity (steps of 1 or √2 cells), the octile-distance heuristic
/// (admissible and consistent, so the first path found is a shortest one), and no corner
/// cutting: a diagonal step needs both cells beside it to be passable. A cell is passable when
/// it is not within `robotRadius` of an occupied cell (``OccupancyGrid/inflatedObstacles(robotRadius:)``)
/// and is free, or unknown when `allowUnknown` is set. Ties are broken by insertion order, so
/// the result is deterministic.
///
/// Returns the centres of the cells visited, from the start's cell to the goal's cell (one point
/// when they share a cell); see ``pathLength(_:)``. Throws ``PathPlanningError`` naming the
/// coordinates when an end is outside the map or blocked, or the ends are disconnected.
public func planPath(on grid: OccupancyGrid, from start: SIMD2<Double>, to goal: SIMD2<Double>,
                     robotRadius: Double = 0.2, allowUnknown: Bool = false) throws -> [SIMD2<Double>] {
    let inflated = grid.inflatedObstacles(robotRadius: robotRadius)
    let passable = (0..<grid.cells.count).map { index in
        !inflated[index] && (grid.cells[index] == .free || (allowUnknown && grid.cells[index] == .unknown))
    }
    func endpoint(_ point: SIMD2<Double>, role: String) throws -> Int {
        guard let (column, row) = grid.cell(containing: point) else {
            let high = grid.origin + SIMD2(Double(grid.width), Double(grid.height)) * grid.cellSize
            throw PathPlanningError.outsideGrid(role: role, point: point, low: grid.origin, high: high)
        }
        let index = row * grid.width + column
        guard !passable[index] else { return index }
        let reason: String
        switch grid.cells[index] {
        case .occupied: reason = "inside an obstacle"
        case _ where inflated[index]: reason = "within the robot radius \(format(robotRadius)) m of an obstacle"
        default: reason = "in an unknown (never observed) cell; allow unknown cells to plan through them"
        }
        throw PathPlanningError.blocked(role: role, point: point, reason: reason)
    }
    let startIndex = try endpoint(start, role: "start"), goalIndex = try endpoint(goal, role: "goal")

    let width = grid.width
    let goalCell = (goalIndex % width, goalIndex / width)
    func heuristic(_ index: Int) -> Double {
        let dx = abs(index % width - goalCell.0), dy = abs(index / width - goalCell.1)
        return (Double(max(dx, dy)) + (2.0.squareRoot() - 1) * Double(min(dx, dy))) * grid.cellSize
    }
    var cost = [Double](repeating: .infinity, count: grid.cells.count)
    var parent = [Int](repeating: -1, count: grid.cells.count)
    var closed = [Bool](repeating: false, count: grid.cells.count)
    var open = PriorityQueue()
    cost[startIndex] = 0
    open.push(startIndex, priority: heuristic(startIndex))
    var closedCount = 0
    while let current = open.pop() {
        guard !closed[current] else { continue }
        closed[current] = true
        closedCount += 1
        if current == goalIndex { break }
        let (column, row) = (current % width, current / width)
        for dy in -1...1 {
            for dx in -1...1 where dx != 0 || dy != 0 {
                let (x, y) = (column + dx, row + dy)
                guard x >= 0, y >= 0, x < width, y < grid.height, passable[y * width + x] else { continue }
                if dx != 0 && dy != 0 && !(passable[row * width + x] && passable[y * width + column]) { continue }
                let neighbour = y * width + x
                let step = (dx != 0 && dy != 0 ? 2.0.squareRoot() : 1) * grid.cellSize
                if cost[current] + step < cost[neighbour] {
                    cost[neighbour] = cost[current] + step
                    parent[neighbour] = current
                    open.push(neighbour, priority: cost[neighbour] + heuristic(neighbour))
                }
            }
        }
    }
    guard closed[goalIndex] else { throw PathPlanningError.unreachable(start: start, goal: goal, reachableCells: closedCount) }
    var indices = [goalIndex]
    while let last = indices.last, last != startIndex { indices.append(parent[last]) }
    return indices.reversed().map { grid.center(column: $0 % width, row: $0 / width) }
}

/// The length of a polyline (metres when the points are floor coordinates).
public func pathLength(_ path: [SIMD2<Double>]) -> Double {
    zip(path, path.dropFirst()).reduce(0) { total, segment in
        let d = segment.1 - segment.0
        return total + (d * d).sum().squareRoot()
    }
}

/// A binary min-heap of cell indices; equal priorities leave in insertion order.
private struct PriorityQueue {
    private var entries: [(priority: Double, order: Int, index: Int)] = []
    private var inserted = 0

    mutating func push(_ index: Int, priority: Double) {
        entries.append((priority, inserted, index))
        inserted += 1
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let top = entries.removeLast().index
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, precedes(left, smallest) { smallest = left }
            if right < entries.count, precedes(right, smallest) { smallest = right }
            guard smallest != parent else { return top }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        (entries[a].priority, entries[a].order) < (entries[b].priority, entries[b].order)
    }
}
