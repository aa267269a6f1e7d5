import Foundation
import Imaging
import Testing
import TestSupport

/// `packsfm view` end to end (the screenshot needs a display: run under `xvfb-run -a`).
@Suite struct ViewCommandTests {
    static func run(_ arguments: [String]) throws -> Executable.Outcome {
        let root = try SyntheticReconstruction().writeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        return try Executable.run("packsfm", ["view", root.path] + arguments.map { $0.replacingOccurrences(of: "DIR", with: root.path) })
    }

    @Test func aScreenshotIsWrittenWithoutUserInput() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("view-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: output) }
        let outcome = try Self.run(["--screenshot", output.path, "--size", "160x90", "--frame", "2", "--color-mode", "depth", "--panel", "--edl"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let image = try PNG.read(output)
        #expect(image.width == 160 && image.height == 90)
    }

    @Test(arguments: [
        (["--size", "0x5"], "--size must look like 1280x720 (both positive), got '0x5'"),
        (["--color-mode", "heat"], "--color-mode must be one of rgb, depth, error, observations, got 'heat'"),
        (["--point-budget", "0"], "--point-budget must be positive, got 0"),
        (["--frame", "9", "--screenshot", "/tmp/never.png"], "frame 9 is out of range: the trajectory has frames 1 to 3"),
        (["--frame", "0", "--screenshot", "/tmp/never.png"], "--frame counts from 1 (as the status bar does), got 0"),
        (["--gt", "DIR/none.txt"], "none.txt: file not found"),
    ])
    func badFlagsFailWithAMessage(arguments: [String], message: String) throws {
        let outcome = try Self.run(arguments)
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
    }
}
