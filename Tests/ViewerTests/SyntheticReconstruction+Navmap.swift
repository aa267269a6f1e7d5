import Foundation
import Geometry
import Reconstruction

extension SyntheticReconstruction {
    /// A goal behind the box, on the floor (world coordinates), so the path bends around it.
    static let navmapGoal = SIMD3<Double>(0.3, roomHigh.y, 3.3)

    /// Runs the steps of `packsfm navmap` on this reconstruction (floor, 10 cm grid, path from
    /// the first camera to `navmapGoal`) and writes `occupancy.yaml`, `occupancy.pgm` and
    /// `path.txt` into `root/navmap/`; returns the grid and the path's world points.
    @discardableResult
    func writeNavmap(into root: URL) throws -> (grid: OccupancyGrid, path: [SIMD3<Double>]) {
        let floor = try FloorFrame.estimate(positions: cloud.positions, worldFromCamera: poses)
        let grid = try OccupancyGrid.build(positions: cloud.positions, frame: floor, cellSize: 0.1)
        let path = try planPath(on: grid, from: floor.floorCoordinates(poses[0].translation),
                                to: floor.floorCoordinates(Self.navmapGoal), robotRadius: 0.2)
        let folder = root.appendingPathComponent("navmap")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try grid.writeMapServerFiles(yaml: folder.appendingPathComponent("occupancy.yaml"))
        let worldPath = path.map { grid.worldPoint(floor: $0) }
        try PathFile.write(worldPath, to: folder.appendingPathComponent("path.txt"))
        return (grid, worldPath)
    }
}
