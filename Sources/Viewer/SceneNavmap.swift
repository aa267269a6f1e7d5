import Foundation
import Reconstruction

/// The navigation map written by `packsfm navmap` into `DIR/navmap/`, as the viewer draws it:
/// the occupancy grid as a translucent layer on the floor and the planned path above it. Plain
/// data (no GL), so what is drawn can be tested without a window.
public struct SceneNavmap: Equatable, Sendable {
    /// The grid, with the floor frame it lies on.
    public var grid: OccupancyGrid
    /// The planned path, world points on the floor (empty without `path.txt`).
    public var path: [SIMD3<Double>]

    /// How far above the floor the grid is drawn, metres.
    public static let gridLift = 0.01
    /// How far above the floor the path is drawn, metres.
    public static let pathLift = 0.03

    /// A map from its parts.
    public init(grid: OccupancyGrid, path: [SIMD3<Double>] = []) {
        self.grid = grid
        self.path = path
    }

    /// Loads `navmap/occupancy.yaml` (with its PGM) and, when present, `navmap/path.txt` of the
    /// reconstruction folder `folder`; nil when there is no `occupancy.yaml`. Errors name the file.
    public static func load(folder: URL) throws -> SceneNavmap? {
        let directory = folder.appendingPathComponent("navmap")
        let yaml = directory.appendingPathComponent("occupancy.yaml"), pathFile = directory.appendingPathComponent("path.txt")
        guard FileManager.default.fileExists(atPath: yaml.path) else { return nil }
        do {
            let grid = try OccupancyGrid.readMapServerFiles(yaml: yaml)
            let path = FileManager.default.fileExists(atPath: pathFile.path) ? try PathFile.read(pathFile) : []
            return SceneNavmap(grid: grid, path: path)
        } catch let error as OccupancyGridFileError {
            throw ViewerError.unreadableFile(URL(fileURLWithPath: error.file), reason: error.problem)
        }
    }

    /// The colour (8-bit RGBA) a cell is drawn with: free pale green and occupied red, both
    /// translucent so the floor shows through, unknown fully transparent.
    public static func color(of state: CellState) -> SIMD4<UInt8> {
        switch state {
        case .free: [110, 255, 130, 110]
        case .occupied: [255, 30, 30, 180]
        case .unknown: [0, 0, 0, 0]
        }
    }

    /// One RGBA texel per cell, top row first as in images, the grid's last row at the top
    /// (the layout of `occupancy.png`); `gridTexcoords` map it onto `gridCorners`.
    public var cellColors: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: grid.width * grid.height * 4)
        for row in 0..<grid.height {
            for column in 0..<grid.width {
                let color = Self.color(of: grid[column, row])
                let offset = ((grid.height - 1 - row) * grid.width + column) * 4
                for channel in 0..<4 { bytes[offset + channel] = color[channel] }
            }
        }
        return bytes
    }

    /// The grid's four world corners, `gridLift` above the floor, as a triangle strip: the
    /// corner of cell (0, 0), then along the columns, then along the rows, then opposite.
    public var gridCorners: [SIMD3<Float>] {
        let size = SIMD2(Double(grid.width), Double(grid.height)) * grid.cellSize
        return [SIMD2(0, 0), SIMD2(size.x, 0), SIMD2(0, size.y), size].map {
            SIMD3<Float>(grid.frame.worldPoint(grid.origin + $0, heightAboveFloor: Self.gridLift))
        }
    }

    /// The texture coordinates of `gridCorners` (texture rows bottom first, as GL samples them).
    public static let gridTexcoords: [SIMD2<Float>] = [[0, 0], [1, 0], [0, 1], [1, 1]]

    /// The path as line segments (pairs of points, each with its colour), `pathLift` above the
    /// floor: magenta, with a cross and a short post at the start (green) and the goal (blue).
    public var pathSegments: (points: [SIMD3<Float>], colors: [SIMD3<Float>]) {
        let frame = grid.frame
        func lifted(_ point: SIMD3<Double>, by height: Double = Self.pathLift) -> SIMD3<Float> {
            SIMD3<Float>(point + frame.up * (height - frame.heightAboveFloor(point)))
        }
        var points: [SIMD3<Float>] = [], colors: [SIMD3<Float>] = []
        for (a, b) in zip(path, path.dropFirst()) {
            points += [lifted(a), lifted(b)]
            colors += Array(repeating: [1, 0.2, 0.9], count: 2)
        }
        let reach = max(2 * grid.cellSize, 0.1)
        for (point, color) in [(path.first, SIMD3<Float>(0.2, 1, 0.3)), (path.last, SIMD3<Float>(0.3, 0.6, 1))] {
            guard let point else { continue }
            for axis in [frame.axisX, frame.axisY] {
                points += [lifted(point - axis * reach), lifted(point + axis * reach)]
            }
            points += [lifted(point), lifted(point, by: Self.pathLift + 3 * reach)]
            colors += Array(repeating: color, count: 6)
        }
        return (points, colors)
    }
}
