import Foundation
import Geometry
import Reconstruction
import Testing
import TestSupport

/// `packsfm navmap` on a reconstruction folder made here: a 4 m square floor (z up) with a
/// 1 m box in the middle, and cameras walking diagonally across it at eye height.
@Suite struct NavmapCommandTests {
    func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("navmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var points: [SIMD3<Float>] = []
        for i in 0...200 { for j in 0...200 { points.append([Float(i) * 0.02, Float(j) * 0.02, 0]) } }
        for i in 0...50 { for j in 0...50 { for k in [Float(0.2), 0.5, 0.8] { points.append([1.5 + Float(i) * 0.02, 1.5 + Float(j) * 0.02, k]) } } }
        let cloud = PointCloud(positions: points, colors: Array(repeating: [200, 200, 200], count: points.count))
        try PLY.write(cloud, to: folder.appendingPathComponent("cloud.ply"))
        // camera looking along world +x: x_c → −y, y_c → −z, z_c → +x
        let rotation = Matrix3(rows: [0, 0, 1], [-1, 0, 0], [0, -1, 0])
        let poses = (0...10).map { index -> TimedPose in
            let t = 0.4 + 3.2 * Double(index) / 10
            return TimedPose(timestamp: Double(index) / 10, worldFromCamera: RigidTransform(rotation: rotation, translation: [t, t, 1.5]))
        }
        try TUMTrajectory.write(poses, to: folder.appendingPathComponent("trajectory.txt"))
        return folder
    }

    @Test func mapsTheFloorAndPlansAroundTheBox() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try Executable.run("packsfm", ["navmap", folder.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let navmap = folder.appendingPathComponent("navmap")
        for file in ["occupancy.png", "occupancy.yaml", "occupancy.pgm", "path.txt", "navmap.json"] {
            #expect(FileManager.default.fileExists(atPath: navmap.appendingPathComponent(file).path), "missing \(file)")
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: navmap.appendingPathComponent("navmap.json"))) as! [String: Any]
        let length = summary["pathLength"] as! Double
        let straight = 3.2 * 2.0.squareRoot()
        #expect(length > straight + 0.1 && length < straight + 1.5, "path \(length) m vs straight \(straight) m")
        #expect((summary["floorHeight"] as! Double).magnitude < 0.02)
        let path = try String(contentsOf: navmap.appendingPathComponent("path.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        // no path point within the inflated box (box 1.5-2.5 plus the 0.2 m robot radius)
        #expect(path.allSatisfy { !($0[0] > 1.35 && $0[0] < 2.65 && $0[1] > 1.35 && $0[1] < 2.65) })
    }

    @Test func badPointAndMissingFolderAreReported() throws {
        let bad = try Executable.run("packsfm", ["navmap", "/tmp", "--from", "1;2"])
        #expect(bad.status != 0 && bad.standardError.contains("--from 1;2: expected two comma-separated numbers"))
        let missing = try Executable.run("packsfm", ["navmap", "/no/such/reconstruction"])
        #expect(missing.status != 0 && missing.standardError.contains("/no/such/reconstruction/cloud.ply"))
    }

    @Test func goalInsideTheBoxHasNoPath() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try Executable.run("packsfm", ["navmap", folder.path, "--to", "2,2"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("goal"), "\(outcome.standardError)")
    }
}
