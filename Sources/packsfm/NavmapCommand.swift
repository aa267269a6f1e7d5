import ArgumentParser
import Foundation
import Geometry
import Imaging
import Reconstruction

/// `packsfm navmap`: a floor-plan obstacle map of a reconstruction, and a path across it.
struct NavmapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "navmap",
        abstract: "Build a 2D occupancy grid of the floor from a reconstruction and plan a collision-free path.",
        discussion: """
        Gravity is the cameras' average "up"; the floor is the dominant low horizontal plane of the \
        cloud. Cells are free (floor seen), occupied (points between floor + 0.1 m and the robot \
        height) or unknown. The path is the shortest (A*, 8-connected) through free cells kept a \
        robot radius away from obstacles; by default from the first camera to the last.

        Writes into DIR/navmap/: occupancy.png (free white, occupied black, unknown gray, path \
        red), occupancy.yaml + occupancy.pgm (ROS map_server format, with the floor frame), \
        path.txt (world x y z per line) and navmap.json (scale, floor, path length).

        Examples:
          packsfm navmap /tmp/living_room_recon
          packsfm navmap /tmp/living_room_recon --from 0.5,1.2 --to 3.0,2.5 --robot-radius 0.25
        """
    )

    @Argument(help: "A reconstruction folder (cloud.ply and trajectory.txt).")
    var folder: String

    @Option(help: ArgumentHelp("Start in floor coordinates (metres, as in occupancy.yaml); default: the first camera.", valueName: "x,y"))
    var from: String?

    @Option(help: ArgumentHelp("Goal in floor coordinates (metres); default: the last camera.", valueName: "x,y"))
    var to: String?

    @Option(help: "Grid cell size in metres.")
    var cellSize: Double = 0.05

    @Option(help: "Robot radius in metres: obstacles are inflated by it.")
    var robotRadius: Double = 0.2

    @Option(help: "Robot height in metres: points up to this height above the floor are obstacles.")
    var robotHeight: Double = 1.5

    @Flag(help: "Let the path cross unknown cells.")
    var allowUnknown = false

    func validate() throws {
        guard cellSize > 0, robotRadius >= 0, robotHeight > 0.15 else {
            throw ValidationError("--cell-size must be positive, --robot-radius non-negative and --robot-height above 0.15 m")
        }
        _ = try from.map { try Self.parsePoint($0, option: "--from") }
        _ = try to.map { try Self.parsePoint($0, option: "--to") }
    }

    func run() throws {
        let reconstruction = ReconstructionFolder(root: URL(fileURLWithPath: folder))
        let cloud = try PLY.read(reconstruction.cloud)
        let poses = try TUMTrajectory.read(reconstruction.trajectory).map(\.worldFromCamera)
        let floor = try FloorFrame.estimate(positions: cloud.positions, worldFromCamera: poses)
        let grid = try OccupancyGrid.build(positions: cloud.positions, frame: floor, cellSize: cellSize, robotHeight: robotHeight)
        let start = try from.map { try Self.parsePoint($0, option: "--from") } ?? floor.floorCoordinates(poses.first!.translation)
        let goal = try to.map { try Self.parsePoint($0, option: "--to") } ?? floor.floorCoordinates(poses.last!.translation)
        let path = try planPath(on: grid, from: start, to: goal, robotRadius: robotRadius, allowUnknown: allowUnknown)

        let output = reconstruction.root.appendingPathComponent("navmap")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try PNG.write(grid.image(path: path), to: output.appendingPathComponent("occupancy.png"))
        try grid.writeMapServerFiles(yaml: output.appendingPathComponent("occupancy.yaml"))
        try PathFile.write(path.map { grid.worldPoint(floor: $0) }, to: output.appendingPathComponent("path.txt"))
        let summary = NavmapSummary(
            cellSize: cellSize, width: grid.width, height: grid.height, origin: [grid.origin.x, grid.origin.y],
            floorUp: [floor.up.x, floor.up.y, floor.up.z], floorHeight: floor.height,
            start: [start.x, start.y], goal: [goal.x, goal.y], pathLength: pathLength(path),
            freeCells: grid.cells.filter { $0 == .free }.count, occupiedCells: grid.cells.filter { $0 == .occupied }.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(summary).write(to: output.appendingPathComponent("navmap.json"), options: .atomic)
        print(String(format: "%d x %d cells of %.2f m; path %.2f m from (%.2f, %.2f) to (%.2f, %.2f); files in %@",
                     grid.width, grid.height, cellSize, summary.pathLength, start.x, start.y, goal.x, goal.y, output.path))
    }

    /// Parses `x,y` in metres; the error names the option.
    static func parsePoint(_ text: String, option: String) throws -> SIMD2<Double> {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let x = parts[0], let y = parts[1], x.isFinite, y.isFinite else {
            throw ValidationError("\(option) \(text): expected two comma-separated numbers in metres, for example 1.5,2.0")
        }
        return SIMD2(x, y)
    }
}

/// The navmap.json written next to the map.
struct NavmapSummary: Codable {
    let cellSize: Double, width: Int, height: Int, origin: [Double]
    let floorUp: [Double], floorHeight: Double
    let start: [Double], goal: [Double], pathLength: Double
    let freeCells: Int, occupiedCells: Int
}
