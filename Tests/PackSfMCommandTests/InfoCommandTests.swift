import Foundation
import Testing
import Imaging
import TestSupport

@Suite struct InfoCommandTests {
    @Test func describesAnImageFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-info-\(UUID().uuidString)/stairs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        for index in [1, 2, 10] {
            try PNG.write(Image(width: 16, height: 12, channels: 3), to: folder.appendingPathComponent("f\(index).png"))
        }
        let outcome = try Executable.run("packsfm", ["info", folder.path, "--fov", "90", "--fps", "4"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let expected = """
        input       \(folder.path)
        type        image folder
        name        stairs
        frames      3
        size        16x12
        intrinsics  fx 8.00  fy 8.00  cx 7.50  cy 5.50  (horizontal field of view 90.0°)
        duration    0.500 s (timestamps 0.000 to 0.500, 4.00 frames/s)
        depth       none
        poses       none
        note        intrinsics from a 90.0° horizontal field of view

        """
        #expect(outcome.standardOutput == expected)
    }

    @Test func badInputFailsWithTheReadersMessage() throws {
        let missing = "/nonexistent/packsfm/input"
        let outcome = try Executable.run("packsfm", ["info", missing])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("\(missing): no such file or folder"))
    }

    @Test func badIntrinsicsOptionIsExplained() throws {
        let outcome = try Executable.run("packsfm", ["info", "/tmp", "--intrinsics", "1,2,3"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--intrinsics '1,2,3': expected 6 comma-separated numbers 'fx,fy,cx,cy,width,height'"))
    }

    @Test func helpHasAnExample() throws {
        let outcome = try Executable.run("packsfm", ["info", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("packsfm info rgbd_dataset_freiburg1_xyz"))
    }
}
