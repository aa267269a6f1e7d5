import Foundation
import Testing
import Geometry
import Imaging
@testable import Sequences

@Suite struct SequenceWriterTests {
    func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sequence-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func writesTheTUMLayoutWithExactGroundTruth() throws {
        let scene = try Scene.load(scenesFolder.appendingPathComponent("kitchen.json"))
        let output = try scratchFolder().appendingPathComponent("kitchen")
        var reported: [Int] = []
        try renderSequence(scene: scene, frames: 4, fps: 5, width: 64, height: 48, to: output) { reported.append($0) }
        #expect(reported == [1, 2, 3, 4])
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(names == ["depth", "depth.txt", "groundtruth.txt", "intrinsics.txt", "rgb", "rgb.txt", "scene.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("rgb").path).sorted()
                == ["0.000000.png", "0.200000.png", "0.400000.png", "0.600000.png"])
        let rgbList = try String(contentsOf: output.appendingPathComponent("rgb.txt"), encoding: .utf8)
        #expect(rgbList.hasSuffix("0.600000 rgb/0.600000.png\n"))
        let depthList = try String(contentsOf: output.appendingPathComponent("depth.txt"), encoding: .utf8)
        #expect(depthList.contains("0.200000 depth/0.200000.png\n"))

        let poses = try TUMTrajectory.read(output.appendingPathComponent("groundtruth.txt"))
        let expected = scene.cameraPoses(frameCount: 4, fps: 5)
        #expect(poses.map(\.timestamp) == expected.map(\.timestamp))
        for (read, truth) in zip(poses, expected) {
            #expect(length(read.worldFromCamera.translation - truth.worldFromCamera.translation) < 1e-6)
            #expect(length(read.worldFromCamera.rotation.column(2) - truth.worldFromCamera.rotation.column(2)) < 1e-6)
        }
        let intrinsics = Intrinsics.phone(width: 64, height: 48)
        let line = try String(contentsOf: output.appendingPathComponent("intrinsics.txt"), encoding: .utf8)
        let numbers = line.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        #expect(abs(numbers[0] - intrinsics.fx) < 1e-6 && numbers[2] == 31.5 && numbers[3] == 23.5)
        #expect(try Scene.load(output.appendingPathComponent("scene.json")) == scene)

        // The PNGs hold the rendered frame (depth to TUM's 1/5000 m).
        let frame = SceneRenderer(scene: scene, intrinsics: intrinsics).render(expected[2])
        let depth = try PNG.readDepth(output.appendingPathComponent("depth/0.400000.png"))
        #expect(zip(depth.depths, frame.depth.depths).allSatisfy { abs($0 - $1) <= 0.5 / 5000 + 1e-6 })
        let image = try PNG.read(output.appendingPathComponent("rgb/0.400000.png"))
        #expect(zip(image.pixels, frame.image.pixels).allSatisfy { abs($0 - $1) <= 0.5 / 255 + 1e-6 })
    }

    @Test func refusesAFolderThatIsNotEmptyAndLeavesNothingBehind() throws {
        let parent = try scratchFolder()
        let output = parent.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: output.appendingPathComponent("keep.txt"))
        let scene = RoomGenerator(seed: 1).room(0)
        #expect(throws: RenderOutputError(folder: output.path, problem: "already exists and is not empty; choose another output folder or remove it")) {
            try renderSequence(scene: scene, frames: 1, width: 32, height: 24, to: output)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["taken"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["keep.txt"])
    }

    @Test func anEmptyFolderIsFilled() throws {
        let output = try scratchFolder()
        try renderSequence(scene: RoomGenerator(seed: 1).room(1), frames: 2, width: 32, height: 24, to: output)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("groundtruth.txt").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
            .filter { $0.hasSuffix(".partial") }.isEmpty)
    }
}
