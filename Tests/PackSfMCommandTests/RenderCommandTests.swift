import Foundation
import Testing
import Geometry
import Imaging
import TestSupport

@Suite struct RenderCommandTests {
    let scenes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenes")

    func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("render-command-\(UUID().uuidString)")
    }

    @Test func helpShowsExamples() throws {
        let outcome = try Executable.run("packsfm", ["render", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("packsfm render Scenes/living_room.json --out"))
        #expect(outcome.standardOutput.contains("--random 20 --seed 7"))
    }

    @Test(arguments: ["12x", "x5", "0x10", "64*48", "3x-4"])
    func badSizeIsRejected(size: String) throws {
        let outcome = try Executable.run("packsfm", ["render", scenes.appendingPathComponent("office.json").path, "--out", scratch().path, "--size", size])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--size \(size): expected WIDTHxHEIGHT with positive integers, for example 256x192"))
    }

    @Test func sceneOrRandomIsRequired() throws {
        let neither = try Executable.run("packsfm", ["render", "--out", scratch().path])
        #expect(neither.status != 0 && neither.standardError.contains("give a scene file or --random N"))
        let both = try Executable.run("packsfm", ["render", "x.json", "--random", "2", "--out", scratch().path])
        #expect(both.status != 0 && both.standardError.contains("not both"))
    }

    @Test func badSceneFileIsNamed() throws {
        let folder = scratch()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("broken.json")
        try Data("{\"name\": 3}".utf8).write(to: file)
        let outcome = try Executable.run("packsfm", ["render", file.path, "--out", folder.appendingPathComponent("out").path])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("broken.json: name: expected a string"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func rendersASceneFile() throws {
        let output = scratch()
        let outcome = try Executable.run("packsfm", ["render", scenes.appendingPathComponent("bedroom.json").path, "--out", output.path,
                                                     "--frames", "3", "--fps", "15", "--size", "64x48"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("3/3 frames"))
        let poses = try TUMTrajectory.read(output.appendingPathComponent("groundtruth.txt"))
        #expect(poses.map(\.timestamp) == [0, 1.0 / 15, 2.0 / 15].map { (($0 * 1e6).rounded()) / 1e6 })
        let image = try PNG.read(output.appendingPathComponent("rgb/0.066667.png"))
        #expect(image.width == 64 && image.height == 48)
    }

    @Test func rendersRandomRooms() throws {
        let output = scratch()
        let outcome = try Executable.run("packsfm", ["render", "--random", "2", "--seed", "4", "--out", output.path, "--frames", "2", "--size", "32x32"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() == ["room_000", "room_001"])
        let depth = try PNG.readDepth(output.appendingPathComponent("room_001/depth/0.100000.png"))
        #expect(depth.depths.allSatisfy { $0 > 0.1 && $0 < 10 })
    }
}
