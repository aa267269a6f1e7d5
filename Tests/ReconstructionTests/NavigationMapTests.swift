import Foundation
import Geometry
import Imaging
@testable import Reconstruction
import Testing

@Suite struct NavigationMapTests {
    static let room = SyntheticRoom()

    @Test func recoversGravityAndFloorHeightWithin2Centimetres() throws {
        let room = Self.room
        let frame = try FloorFrame.estimate(positions: room.positions, worldFromCamera: room.cameras)
        let angle = acos(min(1, dot(frame.up, room.trueUp))) * 180 / .pi
        #expect(angle < 1, "up is \(angle)° off")
        #expect(abs(frame.height - room.trueFloorHeight) < 0.02, "floor height \(frame.height) vs \(room.trueFloorHeight)")
        #expect(abs(dot(frame.axisX, frame.up)) < 1e-9 && abs(length(frame.axisY) - 1) < 1e-9)
        let world = SIMD3<Double>(0.3, -1.2, 2.5)
        let back = frame.worldPoint(frame.floorCoordinates(world), heightAboveFloor: frame.heightAboveFloor(world))
        #expect(length(back - world) < 1e-9)
    }

    @Test func theFloorIsTheLowestStrongPeakNotTheBiggestSurface() throws {
        // A sparsely seen floor at z = 0, a densely seen table top at z = 0.7 (2.5x more points)
        // and a few outliers below the floor; cameras at 1.5 m looking level along +x.
        var generator = SplitMix64(seed: 3)
        var points: [SIMD3<Float>] = []
        for _ in 0..<1000 { points.append(SIMD3(generator.nextFloat(in: 0...4), generator.nextFloat(in: 0...4), generator.nextFloat(in: -0.005...0.005))) }
        for _ in 0..<2500 { points.append(SIMD3(generator.nextFloat(in: 1...2), generator.nextFloat(in: 1...2), 0.7 + generator.nextFloat(in: -0.005...0.005))) }
        for _ in 0..<30 { points.append(SIMD3(generator.nextFloat(in: 0...4), generator.nextFloat(in: 0...4), generator.nextFloat(in: -0.6 ... -0.1))) }
        let level = Matrix3(rows: [0, 0, 1], [-1, 0, 0], [0, -1, 0])  // columns: right −y, down −z, forward +x
        let cameras = (0..<5).map { RigidTransform(rotation: level, translation: SIMD3(Double($0) * 0.5, 0.5, 1.5)) }
        let frame = try FloorFrame.estimate(positions: points, worldFromCamera: cameras)
        #expect(abs(frame.height) < 0.02, "floor height \(frame.height), expected 0")
        #expect(length(frame.up - SIMD3(0, 0, 1)) < 0.01 && length(frame.axisX - SIMD3(1, 0, 0)) < 0.01, "up \(frame.up), x \(frame.axisX)")
    }

    @Test func occupiedCellsMatchTheBoxFootprint() throws {
        let room = Self.room
        let frame = try FloorFrame.estimate(positions: room.positions, worldFromCamera: room.cameras)
        let grid = try OccupancyGrid.build(positions: room.positions, frame: frame)
        // Cells whose centres lie in the room away from the walls, in room coordinates.
        var (intersection, union) = (0, 0)
        for row in 0..<grid.height {
            for column in 0..<grid.width {
                let worldCenter = grid.worldPoint(floor: grid.center(column: column, row: row))
                let roomPoint = room.worldFromRoom.inverse.apply(worldCenter)
                guard roomPoint.x > 0.3, roomPoint.x < 5.7, roomPoint.y > 0.3, roomPoint.y < 4.7 else { continue }
                let inBox = roomPoint.x > SyntheticRoom.boxLow.x && roomPoint.x < SyntheticRoom.boxHigh.x
                    && roomPoint.y > SyntheticRoom.boxLow.y && roomPoint.y < SyntheticRoom.boxHigh.y
                let occupied = grid[column, row] == .occupied
                if inBox && occupied { intersection += 1 }
                if inBox || occupied { union += 1 }
                if !inBox { #expect(grid[column, row] != .unknown || occupied, "cell (\(column), \(row)) on the open floor is unknown") }
            }
        }
        let iou = Double(intersection) / Double(union)
        print("box footprint IoU \(iou) (\(intersection) / \(union) cells)")
        #expect(iou >= 0.7, "box footprint IoU \(iou) (\(intersection) / \(union) cells)")
        // Walls are occupied.
        let wallPoint = room.floorPoint(room: SIMD2(3, 0), frame: frame)
        let wall = try #require(grid.cell(containing: wallPoint))
        #expect(grid[wall.column, wall.row] == .occupied)
    }

    @Test func plansTheShortestPathAroundTheBoxInTheRoom() throws {
        let room = Self.room
        let frame = try FloorFrame.estimate(positions: room.positions, worldFromCamera: room.cameras)
        let grid = try OccupancyGrid.build(positions: room.positions, frame: frame)
        let start = room.floorPoint(room: SIMD2(1.5, 2.3), frame: frame), goal = room.floorPoint(room: SIMD2(3.5, 2.3), frame: frame)
        let path = try planPath(on: grid, from: start, to: goal, robotRadius: 0.2)
        let reference = try #require(dijkstraLength(grid, from: start, to: goal, robotRadius: 0.2))
        #expect(abs(pathLength(path) - reference) <= 0.01 * reference, "A* \(pathLength(path)) m vs Dijkstra \(reference) m")
        #expect(pathLength(path) > 2.0 + 0.3, "the path must go around the box, got \(pathLength(path)) m")
        let inflated = grid.inflatedObstacles(robotRadius: 0.2)
        for point in path {
            let cell = try #require(grid.cell(containing: point))
            #expect(!inflated[cell.row * grid.width + cell.column] && grid[cell.column, cell.row] == .free, "path enters cell \(cell)")
        }
        let world = path.map { grid.worldPoint(floor: $0) }
        #expect(world.allSatisfy { abs(frame.heightAboveFloor($0)) < 1e-9 })
    }

    // MARK: - Planning on hand-made grids

    /// A `width` x `height` free grid of 10 cm cells with the given occupied cells.
    static func grid(width: Int, height: Int, occupied: [(Int, Int)] = [], unknown: [(Int, Int)] = []) -> OccupancyGrid {
        let frame = FloorFrame(up: SIMD3(0, 0, 1), height: 0, axisX: SIMD3(1, 0, 0))
        var grid = OccupancyGrid(frame: frame, origin: .zero, cellSize: 0.1, width: width, height: height,
                                 cells: Array(repeating: .free, count: width * height))
        for (column, row) in occupied { grid[column, row] = .occupied }
        for (column, row) in unknown { grid[column, row] = .unknown }
        return grid
    }

    static func cellCenter(_ column: Int, _ row: Int) -> SIMD2<Double> { SIMD2(Double(column) + 0.5, Double(row) + 0.5) * 0.1 }

    @Test func aStarOnAnEmptyGridGivesTheOctileDistance() throws {
        let grid = Self.grid(width: 30, height: 20)
        let path = try planPath(on: grid, from: Self.cellCenter(2, 3), to: Self.cellCenter(12, 7), robotRadius: 0)
        #expect(abs(pathLength(path) - (6 + 4 * 2.0.squareRoot()) * 0.1) < 1e-9, "length \(pathLength(path))")
        #expect(path.count == 11)
        let same = try planPath(on: grid, from: Self.cellCenter(2, 3), to: Self.cellCenter(2, 3) + 0.01, robotRadius: 0)
        #expect(same.count == 1 && pathLength(same) == 0)
    }

    @Test(arguments: [0.0, 0.1, 0.25])
    func aStarAroundABoxMatchesDijkstra(robotRadius: Double) throws {
        let box = (15..<25).flatMap { column in (5..<20).map { row in (column, row) } }
        let grid = Self.grid(width: 40, height: 30, occupied: box)
        let (start, goal) = (Self.cellCenter(5, 12), Self.cellCenter(35, 14))
        let path = try planPath(on: grid, from: start, to: goal, robotRadius: robotRadius)
        let reference = try #require(dijkstraLength(grid, from: start, to: goal, robotRadius: robotRadius))
        #expect(abs(pathLength(path) - reference) <= 1e-9 * reference, "A* \(pathLength(path)) vs Dijkstra \(reference)")
        let inflated = grid.inflatedObstacles(robotRadius: robotRadius)
        for point in path {
            let cell = try #require(grid.cell(containing: point))
            #expect(!inflated[cell.row * grid.width + cell.column], "path enters inflated cell \(cell)")
        }
        for (a, b) in zip(path, path.dropFirst()) {
            let step = (b - a) / 0.1
            #expect(abs(step.x) <= 1.0001 && abs(step.y) <= 1.0001, "path jumps from \(a) to \(b)")
        }
    }

    @Test func diagonalStepsDoNotCutCorners() throws {
        // Two obstacles touching at a corner: the diagonal between them is closed.
        let grid = Self.grid(width: 5, height: 5, occupied: [(2, 1), (1, 2), (0, 2), (2, 0)])
        #expect(throws: PathPlanningError.self) { try planPath(on: grid, from: Self.cellCenter(1, 1), to: Self.cellCenter(2, 2), robotRadius: 0) }
    }

    @Test func noPathCasesNameTheReasonAndTheCoordinates() throws {
        let wall = (0..<20).map { row in (10, row) }
        let grid = Self.grid(width: 20, height: 20, occupied: wall + [(3, 3)], unknown: [(15, 15)])
        func message(_ from: SIMD2<Double>, _ to: SIMD2<Double>, allowUnknown: Bool = false) -> String {
            do {
                _ = try planPath(on: grid, from: from, to: to, robotRadius: 0.15, allowUnknown: allowUnknown)
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(message(Self.cellCenter(3, 3), Self.cellCenter(5, 8)) == "start (0.35, 0.35) m is inside an obstacle")
        #expect(message(Self.cellCenter(5, 8), Self.cellCenter(4, 3)) == "goal (0.45, 0.35) m is within the robot radius 0.15 m of an obstacle")
        #expect(message(Self.cellCenter(15, 8), Self.cellCenter(15, 15)) == "goal (1.55, 1.55) m is in an unknown (never observed) cell; allow unknown cells to plan through them")
        #expect(message(Self.cellCenter(15, 8), Self.cellCenter(15, 15), allowUnknown: true) == "no error")
        #expect(message(SIMD2(-1, 0.5), Self.cellCenter(5, 8)) == "start (-1.00, 0.50) m is outside the map, which spans (0.00, 0.00) to (2.00, 2.00) m")
        let unreachable = message(Self.cellCenter(5, 8), Self.cellCenter(15, 8))
        #expect(unreachable.hasPrefix("goal (1.55, 0.85) m is unreachable from start (0.55, 0.85) m: they lie in disconnected free regions ("), "\(unreachable)")
    }

    @Test func badCloudsGiveClearErrors() throws {
        #expect(throws: FloorEstimationError.noCameras) { try FloorFrame.estimate(positions: [SIMD3(0, 0, 0)], worldFromCamera: []) }
        #expect("\(FloorEstimationError.noCameras)".contains("no camera poses"))
        let camera = RigidTransform(rotation: Matrix3(rows: [1, 0, 0], [0, 0, 1], [0, -1, 0]), translation: SIMD3(0, 0, 1))  // y down = −z: up is +z
        let above: [SIMD3<Float>] = [SIMD3(0, 0, 2), SIMD3(1, 0, 3)]
        do {
            _ = try FloorFrame.estimate(positions: above, worldFromCamera: [camera])
            Issue.record("points above the camera gave a floor")
        } catch {
            #expect("\(error)" == "cannot find the floor: none of the 2 points lies below the lowest camera")
        }
        let frame = FloorFrame(up: SIMD3(0, 0, 1), height: 0, axisX: SIMD3(1, 0, 0))
        do {
            _ = try OccupancyGrid.build(positions: above, frame: frame)
            Issue.record("points above the robot height gave a grid")
        } catch {
            #expect("\(error)" == "cannot build an occupancy grid: none of the 2 points lies between the floor and the robot height 1.50 m")
        }
        do {
            _ = try OccupancyGrid.build(positions: [SIMD3(0, 0, 0), SIMD3(1000, 1000, 0)], frame: frame, maximumCells: 1_000_000)
            Issue.record("a huge extent gave a grid")
        } catch {
            #expect("\(error)".hasPrefix("cannot build an occupancy grid: the points span 20002x20002 cells of 0.05 m"), "\(error)")
        }
    }

    @Test func writesPNGAndMapServerFiles() throws {
        let grid = Self.grid(width: 8, height: 5, occupied: [(6, 0)], unknown: [(7, 4)])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-navmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try planPath(on: grid, from: Self.cellCenter(0, 2), to: Self.cellCenter(4, 2), robotRadius: 0)
        let pngURL = folder.appendingPathComponent("navmap.png")
        try PNG.write(grid.image(path: path), to: pngURL)
        let image = try PNG.read(pngURL)
        func pixel(_ x: Int, _ y: Int) -> [Float] { (0..<3).map { image[x, y, $0] } }
        #expect(image.width == 8 && image.height == 5)
        #expect(pixel(6, 4) == [0, 0, 0], "occupied cell (6, 0) is black in the bottom row")
        let gray: Float = 128.0 / 255
        #expect(pixel(7, 0) == [gray, gray, gray], "unknown cell (7, 4) is gray in the top row")
        #expect(pixel(6, 1) == [1, 1, 1], "free cell (6, 3) is white")
        #expect(pixel(2, 2) == [1, 0, 0], "path cell (2, 2) is red")
        let green: Float = 179.0 / 255
        #expect(pixel(0, 2) == [0, green, 0], "start cell (0, 2) is green")

        let yamlURL = folder.appendingPathComponent("navmap.yaml")
        try grid.writeMapServerFiles(yaml: yamlURL)
        let yaml = try String(contentsOf: yamlURL, encoding: .utf8)
        #expect(yaml.contains("image: navmap.pgm\nresolution: 0.100000\norigin: [0.000000, 0.000000, 0.0]\n"))
        #expect(yaml.contains("floor_up: [0.000000, 0.000000, 1.000000]"))
        let pgm = try Data(contentsOf: folder.appendingPathComponent("navmap.pgm"))
        let header = Data("P5\n8 5\n255\n".utf8)
        #expect(pgm.prefix(header.count) == header && pgm.count == header.count + 40)
        #expect(pgm[header.count + 7] == 205 && pgm[header.count + 32 + 6] == 0 && pgm[header.count] == 254)

        do {
            try grid.writeMapServerFiles(yaml: folder.appendingPathComponent("missing/navmap.yaml"))
            Issue.record("writing into a missing folder succeeded")
        } catch {
            #expect("\(error)".hasPrefix(folder.appendingPathComponent("missing/navmap.pgm").path + ": cannot write"), "\(error)")
        }
    }
}

/// Shortest path length between the cells of `from` and `to` by plain Dijkstra over all cells
/// (8-connected, no corner cutting, inflated and non-free cells blocked), nil when unreachable.
func dijkstraLength(_ grid: OccupancyGrid, from: SIMD2<Double>, to: SIMD2<Double>, robotRadius: Double) -> Double? {
    let inflated = grid.inflatedObstacles(robotRadius: robotRadius)
    let passable = (0..<grid.cells.count).map { !inflated[$0] && grid.cells[$0] == .free }
    guard let start = grid.cell(containing: from), let goal = grid.cell(containing: to) else { return nil }
    var distance = [Double](repeating: .infinity, count: grid.cells.count)
    var done = [Bool](repeating: false, count: grid.cells.count)
    distance[start.row * grid.width + start.column] = 0
    while true {
        var best = -1
        for index in 0..<distance.count where !done[index] && distance[index].isFinite && (best < 0 || distance[index] < distance[best]) { best = index }
        guard best >= 0 else { break }
        done[best] = true
        let (column, row) = (best % grid.width, best / grid.width)
        for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)] {
            let (x, y) = (column + dx, row + dy)
            guard x >= 0, y >= 0, x < grid.width, y < grid.height, passable[y * grid.width + x] else { continue }
            if dx != 0 && dy != 0 && (!passable[row * grid.width + x] || !passable[y * grid.width + column]) { continue }
            let step = (dx != 0 && dy != 0 ? 2.0.squareRoot() : 1) * grid.cellSize
            distance[y * grid.width + x] = min(distance[y * grid.width + x], distance[best] + step)
        }
    }
    let result = distance[goal.row * grid.width + goal.column]
    return result.isFinite ? result : nil
}
