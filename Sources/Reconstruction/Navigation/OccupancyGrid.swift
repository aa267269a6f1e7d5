import Foundation

/// What is known about one cell of an ``OccupancyGrid``.
public enum CellState: UInt8, Equatable, Sendable {
    /// Nothing was observed there.
    case unknown
    /// Floor was observed there and nothing stands on it.
    case free
    /// Something stands there between the obstacle clearance and the robot height.
    case occupied
}

/// A 2D occupancy grid on the floor, in the floor coordinates of its ``FloorFrame``.
///
/// Cell (`column`, `row`) covers floor coordinates
/// `origin + (column, row) · cellSize ..< origin + (column + 1, row + 1) · cellSize`: columns run
/// along `frame.axisX`, rows along `frame.axisY`.
public struct OccupancyGrid: Equatable, Sendable {
    /// The floor plane and its axes.
    public let frame: FloorFrame
    /// Floor coordinates (metres) of the corner of cell (0, 0).
    public let origin: SIMD2<Double>
    /// Edge length of a square cell, metres.
    public let cellSize: Double
    /// Number of columns and rows.
    public let width: Int, height: Int
    /// `height · width` states, row-major, row 0 at `origin.y`.
    public var cells: [CellState]

    /// A grid from its parts; `cells.count` must be `width · height`.
    public init(frame: FloorFrame, origin: SIMD2<Double>, cellSize: Double, width: Int, height: Int, cells: [CellState]) {
        precondition(cellSize > 0 && width > 0 && height > 0, "OccupancyGrid: cell size \(cellSize), \(width)x\(height) cells")
        precondition(cells.count == width * height, "OccupancyGrid: \(width)x\(height) needs \(width * height) cells, got \(cells.count)")
        self.frame = frame; self.origin = origin; self.cellSize = cellSize
        self.width = width; self.height = height; self.cells = cells
    }

    /// The state of cell (`column`, `row`).
    public subscript(column: Int, row: Int) -> CellState {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    /// The cell holding floor point `point`, or nil outside the grid.
    public func cell(containing point: SIMD2<Double>) -> (column: Int, row: Int)? {
        let scaled = (point - origin) / cellSize
        guard scaled.x >= 0, scaled.y >= 0, scaled.x < Double(width), scaled.y < Double(height) else { return nil }
        return (Int(scaled.x), Int(scaled.y))
    }

    /// Floor coordinates of the centre of cell (`column`, `row`).
    public func center(column: Int, row: Int) -> SIMD2<Double> {
        origin + (SIMD2(Double(column), Double(row)) + 0.5) * cellSize
    }

    /// Floor coordinates of a world point.
    public func floorPoint(world point: SIMD3<Double>) -> SIMD2<Double> { frame.floorCoordinates(point) }

    /// The world point at floor coordinates `point`, on the floor.
    public func worldPoint(floor point: SIMD2<Double>) -> SIMD3<Double> { frame.worldPoint(point) }
}

/// Why an occupancy grid could not be built.
public enum OccupancyGridError: Error, CustomStringConvertible, Equatable {
    /// No point lies between the floor and the robot height.
    case noPointsNearFloor(pointCount: Int, robotHeight: Double)
    /// The points spread over more cells than allowed.
    case tooManyCells(width: Int, height: Int, cellSize: Double, limit: Int)

    /// What went wrong, with the numbers involved.
    public var description: String {
        switch self {
        case let .noPointsNearFloor(pointCount, robotHeight):
            return "cannot build an occupancy grid: none of the \(pointCount) points lies between the floor and the robot height \(format(robotHeight)) m"
        case let .tooManyCells(width, height, cellSize, limit):
            return "cannot build an occupancy grid: the points span \(width)x\(height) cells of \(format(cellSize)) m "
                + "(\(format(Double(width) * cellSize)) x \(format(Double(height) * cellSize)) m), more than \(limit) cells; "
                + "remove far outliers or choose larger cells"
        }
    }
}

/// A number with two decimals, as errors and map files show them.
func format(_ value: Double) -> String { String(format: "%.2f", value) }

extension OccupancyGrid {
    /// Builds the grid from a fused cloud's points (world coordinates, metres) on `frame`.
    ///
    /// The grid spans the points between `floorTolerance` below the floor and `robotHeight`
    /// above it, plus one cell on each side. A cell is `occupied` when at least
    /// `minimumObstaclePoints` points in it lie between `obstacleClearance` and `robotHeight`
    /// above the floor (fewer are taken for noise), `free` when a point in it lies within
    /// `floorTolerance` of the floor and it is not occupied, `unknown` otherwise.
    public static func build(positions: [SIMD3<Float>], frame: FloorFrame, cellSize: Double = 0.05,
                             robotHeight: Double = 1.5, obstacleClearance: Double = 0.1,
                             floorTolerance: Double = 0.05, minimumObstaclePoints: Int = 3,
                             maximumCells: Int = 25_000_000) throws -> OccupancyGrid {
        precondition(cellSize > 0 && robotHeight > obstacleClearance && obstacleClearance > floorTolerance && floorTolerance > 0,
                     "OccupancyGrid.build: cell size \(cellSize), floor tolerance \(floorTolerance) < clearance \(obstacleClearance) < robot height \(robotHeight) needed")
        var relevant: [(point: SIMD2<Double>, isObstacle: Bool)] = []
        for position in positions {
            let world = SIMD3<Double>(position)
            let above = frame.heightAboveFloor(world)
            if abs(above) <= floorTolerance {
                relevant.append((frame.floorCoordinates(world), false))
            } else if above >= obstacleClearance && above <= robotHeight {
                relevant.append((frame.floorCoordinates(world), true))
            }
        }
        guard let firstPoint = relevant.first?.point else {
            throw OccupancyGridError.noPointsNearFloor(pointCount: positions.count, robotHeight: robotHeight)
        }
        var (low, high) = (firstPoint, firstPoint)
        for entry in relevant {
            low = pointwiseMin(low, entry.point)
            high = pointwiseMax(high, entry.point)
        }
        let origin = low - cellSize
        let width = Int(((high.x - origin.x) / cellSize).rounded(.down)) + 2
        let height = Int(((high.y - origin.y) / cellSize).rounded(.down)) + 2
        guard width.multipliedReportingOverflow(by: height).partialValue <= maximumCells, width <= maximumCells, height <= maximumCells else {
            throw OccupancyGridError.tooManyCells(width: width, height: height, cellSize: cellSize, limit: maximumCells)
        }
        var obstacleCounts = [Int](repeating: 0, count: width * height)
        var sawFloor = [Bool](repeating: false, count: width * height)
        for entry in relevant {
            let column = Int((entry.point.x - origin.x) / cellSize), row = Int((entry.point.y - origin.y) / cellSize)
            if entry.isObstacle { obstacleCounts[row * width + column] += 1 } else { sawFloor[row * width + column] = true }
        }
        let cells = (0..<width * height).map { index -> CellState in
            if obstacleCounts[index] >= minimumObstaclePoints { return .occupied }
            return sawFloor[index] ? .free : .unknown
        }
        return OccupancyGrid(frame: frame, origin: origin, cellSize: cellSize, width: width, height: height, cells: cells)
    }
}
