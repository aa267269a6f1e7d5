import Foundation
import Geometry
import Testing

/// Runs `body` and returns the TUMTrajectoryError it throws (nil when it throws nothing or another error).
func trajectoryError(_ body: () throws -> Void) -> TUMTrajectoryError? {
    do { try body() } catch let error as TUMTrajectoryError { return error } catch { return nil }
    return nil
}

@Suite struct TUMTrajectoryTests {
    @Test func parsesCommentsBlankLinesTabsAndUnevenTimestamps() throws {
        let text = """
        # ground truth trajectory
        # timestamp tx ty tz qx qy qz qw

        1305031102.175304 1.3405 0.6266 1.6575 0.6574 0.6126 -0.2949 -0.3248
        1305031102.211214\t1.3397 0.6264 1.6562 0.6579 0.6126 -0.2950 -0.3239\r
           \t
        1305031103.5 0 0 0 0 0 0 1
        """
        let poses = try TUMTrajectory.parse(text, file: "groundtruth.txt")
        #expect(poses.map(\.timestamp) == [1305031102.175304, 1305031102.211214, 1305031103.5])
        #expect(poses[0].worldFromCamera.translation == [1.3405, 0.6266, 1.6575])
        #expect(poses[2].worldFromCamera == .identity)
        // The first quaternion has norm 1.00002: normalised, with the sign fixed to w ≥ 0.
        let q = poses[0].worldFromCamera.quaternion
        let norm = (0.6574 * 0.6574 + 0.6126 * 0.6126 + 0.2949 * 0.2949 + 0.3248 * 0.3248).squareRoot()
        #expect(abs(q.x + 0.6574 / norm) < 1e-12 && abs(q.w - 0.3248 / norm) < 1e-12)
    }

    @Test func emptyTextHasNoPoses() throws {
        #expect(try TUMTrajectory.parse("# only a header\n\n", file: "empty.txt").isEmpty)
    }

    @Test(arguments: [
        ("1 2 3 4 5 6 7", "trajectory.txt:3: expected 8 fields (timestamp tx ty tz qx qy qz qw), found 7"),
        ("1 2 3 4 0 0 0 1 9", "trajectory.txt:3: expected 8 fields (timestamp tx ty tz qx qy qz qw), found 9"),
        ("1 2 three 4 0 0 0 1", "trajectory.txt:3: ty 'three' is not a finite number"),
        ("nan 2 3 4 0 0 0 1", "trajectory.txt:3: timestamp 'nan' is not a finite number"),
        ("1 2 3 4 0 0 0 inf", "trajectory.txt:3: qw 'inf' is not a finite number"),
        ("1 2 3 4 0 0 0 0.5", "trajectory.txt:3: quaternion (qx qy qz qw) has norm 0.5, not 1"),
        ("1 2 3 4 0 0 0 0", "trajectory.txt:3: quaternion (qx qy qz qw) has norm 0.0, not 1"),
    ])
    func badLinesNameFileLineAndProblem(line: String, message: String) {
        let text = "# header\n0 0 0 0 0 0 0 1\n\(line)\n2 0 0 0 0 0 0 1\n"
        #expect(trajectoryError { _ = try TUMTrajectory.parse(text, file: "trajectory.txt") }?.description == message)
    }

    @Test func quaternionNormToleranceIsOnePercent() throws {
        #expect(try TUMTrajectory.parse("0 0 0 0 0 0 0 1.0099", file: "t").count == 1)
        #expect(trajectoryError { _ = try TUMTrajectory.parse("0 0 0 0 0 0 0 1.0101", file: "t") }?.line == 1)
    }

    @Test(arguments: randomSeeds.prefix(8))
    func writeThenReadRoundTrips(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        var time = 1_305_031_102.0
        let poses = (0..<50).map { _ in
            time += generator.nextDouble(in: 0.01...0.1)  // uneven frame spacing
            return TimedPose(timestamp: (time * 1e6).rounded() / 1e6, worldFromCamera: generator.nextRigidTransform())
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-tum-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("trajectory.txt")
        try TUMTrajectory.write(poses, to: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["trajectory.txt"])
        let read = try TUMTrajectory.read(url)
        #expect(read.count == poses.count)
        for (a, b) in zip(read, poses) {
            #expect(a.timestamp == b.timestamp)
            #expect(distance(a.worldFromCamera.translation, b.worldFromCamera.translation) < 1e-7)
            #expect(maximumDifference(a.worldFromCamera.rotation, b.worldFromCamera.rotation) < 1e-8)
        }
        #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("# timestamp tx ty tz qx qy qz qw\n"))
    }

    @Test func fileErrorsNameTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-tum-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.txt")
        #expect(trajectoryError { _ = try TUMTrajectory.read(missing) }?.description == "\(missing.path): no such file")
        let binary = folder.appendingPathComponent("binary.txt")
        try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: binary)
        #expect(trajectoryError { _ = try TUMTrajectory.read(binary) }?.description == "\(binary.path): not a text file (invalid UTF-8)")
        let bad = folder.appendingPathComponent("bad.txt")
        try Data("0 0 0 0 0 0 0 1\n0 0 0\n".utf8).write(to: bad)
        #expect(trajectoryError { _ = try TUMTrajectory.read(bad) }?.description
            == "\(bad.path):2: expected 8 fields (timestamp tx ty tz qx qy qz qw), found 3")
        let nowhere = folder.appendingPathComponent("no/folder/trajectory.txt")
        #expect(trajectoryError { try TUMTrajectory.write([], to: nowhere) }?.description
            == "\(nowhere.path): cannot create (folder \(nowhere.deletingLastPathComponent().path) missing or not writable)")
    }
}
