import Foundation
import Geometry
import Reconstruction
import Testing
@testable import Viewer

/// What the viewer draws of a navigation map, as plain data, and how it is loaded.
@Suite struct SceneNavmapTests {
    /// A 3×2 grid of 0.5 m cells on the floor y = 1 of a y-down world (up −y, x along +z).
    static let grid: OccupancyGrid = {
        let frame = FloorFrame(up: [0, -1, 0], height: -1, axisX: [0, 0, 1])
        return OccupancyGrid(frame: frame, origin: [1, -2], cellSize: 0.5, width: 3, height: 2,
                             cells: [.free, .occupied, .unknown, .unknown, .free, .free])
    }()

    @Test func cellColoursFollowTheImageLayoutOfOccupancyPNG() {
        let colors = SceneNavmap(grid: Self.grid).cellColors
        func texel(_ x: Int, _ y: Int) -> SIMD4<UInt8> {
            let offset = (y * 3 + x) * 4
            return SIMD4(colors[offset], colors[offset + 1], colors[offset + 2], colors[offset + 3])
        }
        #expect(colors.count == 3 * 2 * 4)
        // Image row 1 (bottom) is grid row 0.
        #expect(texel(0, 1) == SceneNavmap.color(of: .free) && texel(1, 1) == SceneNavmap.color(of: .occupied))
        #expect(texel(2, 1).w == 0 && texel(0, 0).w == 0, "unknown cells are transparent")
        #expect(SceneNavmap.color(of: .free).w > 0 && SceneNavmap.color(of: .free).w < 255)
        #expect(SceneNavmap.color(of: .occupied).x == 255 && SceneNavmap.color(of: .occupied).w < 255)
    }

    @Test func theQuadCoversTheGridJustAboveTheFloor() {
        let navmap = SceneNavmap(grid: Self.grid)
        let corners = navmap.gridCorners
        let frame = Self.grid.frame
        let floor: [SIMD2<Double>] = [[1, -2], [2.5, -2], [1, -1], [2.5, -1]]
        for (corner, expected) in zip(corners, floor) {
            let world = SIMD3<Double>(corner)
            #expect(length(frame.floorCoordinates(world) - expected) < 1e-6, "\(corner)")
            #expect(abs(frame.heightAboveFloor(world) - SceneNavmap.gridLift) < 1e-6)
        }
        // y is down in this world, so the quad lies at y = 1 − 0.01.
        #expect(corners.allSatisfy { abs($0.y - 0.99) < 1e-6 })
        #expect(SceneNavmap.gridTexcoords == [[0, 0], [1, 0], [0, 1], [1, 1]])
    }

    @Test func thePathIsLiftedAboveTheFloorWithMarkersAtItsEnds() {
        let path: [SIMD3<Double>] = [[0, 1, 1.2], [0, 1, 1.7], [0, 1.02, 2.2]]
        let segments = SceneNavmap(grid: Self.grid, path: path).pathSegments
        // 2 path segments, then per end a cross (2 segments) and a post (1 segment).
        #expect(segments.points.count == 2 * 2 + 2 * 6 && segments.colors.count == segments.points.count)
        for point in segments.points.prefix(4) {
            #expect(abs(Self.grid.frame.heightAboveFloor(SIMD3<Double>(point)) - SceneNavmap.pathLift) < 1e-6)
        }
        #expect(segments.colors[0] == [1, 0.2, 0.9] && segments.colors[4] == [0.2, 1, 0.3] && segments.colors[10] == [0.3, 0.6, 1])
        #expect(SceneNavmap(grid: Self.grid).pathSegments.points.isEmpty)
    }

    @Test func aFolderWithNavmapFilesLoadsTheGridAndThePath() throws {
        try SceneLoadingTests.withFolder { root in
            #expect(try ViewerScene.load(folder: root, pointBudget: 1000).navmap == nil)
            let synthetic = SyntheticReconstruction(pointCount: 20_000)
            let written = try synthetic.writeNavmap(into: root)
            let navmap = try #require(try ViewerScene.load(folder: root, pointBudget: 1000).navmap)
            #expect(navmap.grid.cells == written.grid.cells && navmap.grid.width == written.grid.width)
            #expect(navmap.path.count == written.path.count && navmap.path.count > 10)
            #expect(zip(navmap.path, written.path).allSatisfy { length($0 - $1) < 1e-4 })
            // Without path.txt the grid alone is shown.
            try FileManager.default.removeItem(at: root.appendingPathComponent("navmap/path.txt"))
            #expect(try ViewerScene.load(folder: root, pointBudget: 1000).navmap?.path == [])
        }
    }

    @Test func brokenNavmapFilesAreNamed() throws {
        try SceneLoadingTests.withFolder { root in
            try SyntheticReconstruction(pointCount: 20_000).writeNavmap(into: root)
            let navmap = root.appendingPathComponent("navmap")
            try "0 0 0\n1 2\n".write(to: navmap.appendingPathComponent("path.txt"), atomically: true, encoding: .utf8)
            #expect(SceneLoadingTests.loadError(root) == "\(navmap.path)/path.txt: line 2: expected three numbers 'x y z', got '1 2'")
            let pgm = navmap.appendingPathComponent("occupancy.pgm")
            try Data(try Data(contentsOf: pgm).dropLast(5)).write(to: pgm)
            let message = try #require(SceneLoadingTests.loadError(root))
            #expect(message.hasPrefix("\(pgm.path): truncated: "), "\(message)")
            try FileManager.default.removeItem(at: pgm)
            #expect(SceneLoadingTests.loadError(root) == "\(pgm.path): file not found")
        }
    }
}
