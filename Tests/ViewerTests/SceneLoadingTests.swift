import Foundation
import Geometry
import Reconstruction
import Testing
import TestSupport
@testable import Viewer

@Suite struct SceneLoadingTests {
    static func withFolder(_ body: (URL) throws -> Void) throws {
        let root = try SyntheticReconstruction().writeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try body(root)
    }

    static func loadError(_ root: URL, groundTruth: URL? = nil) -> String? {
        do { _ = try ViewerScene.load(folder: root, groundTruth: groundTruth, pointBudget: 1000); return nil } catch { return "\(error)" }
    }

    @Test func aFolderLoadsWithItsIntrinsicsGroundTruthAndBudget() throws {
        try Self.withFolder { root in
            var warnings: [String] = []
            let scene = try ViewerScene.load(folder: root, pointBudget: 1000) { warnings.append($0) }
            #expect(scene.frames.map(\.timestamp) == SyntheticReconstruction.timestamps)
            #expect(scene.intrinsics == SyntheticReconstruction.intrinsics)
            #expect(scene.groundTruth.count == 3)
            #expect(scene.cloud.count == 1000 && scene.cloud.meanErrors?.count == 1000 && scene.cloud.observationCounts?.count == 1000)
            #expect(warnings == ["cloud.ply has 4000 points; drawing a uniform subsample of 1000 (--point-budget)"])
            let evidence = try #require(FrameEvidence.loader(folder: root, scene: scene) { _ in }(1))
            #expect(evidence.depth.width == 64 && evidence.mask.channels == 1)
        }
    }

    @Test func groundTruthInAnotherFrameAndScaleIsAlignedToTheEstimate() throws {
        try Self.withFolder { root in
            let synthetic = SyntheticReconstruction()
            // The truth in a world rotated 90° about z, shifted and twice as large, plus a small offset per pose.
            let similarity = SimilarityTransform(scale: 2, rotation: Matrix3(rows: [0, -1, 0], [1, 0, 0], [0, 0, 1]), translation: [5, -3, 1])
            let truth = zip(SyntheticReconstruction.timestamps, synthetic.poses).map {
                TimedPose(timestamp: $0, worldFromCamera: similarity.apply($1))
            }
            let file = root.appendingPathComponent("elsewhere.txt")
            try TUMTrajectory.write(truth, to: file)
            let scene = try ViewerScene.load(folder: root, groundTruth: file, pointBudget: 10)
            for (aligned, estimate) in zip(scene.groundTruth, synthetic.poses) {
                #expect(length(aligned.translation - estimate.translation) < 1e-6)
                #expect(length(aligned.rotation.column(2) - estimate.rotation.column(2)) < 1e-6)
            }
            // Too few shared timestamps: drawn as given, with a warning.
            try TUMTrajectory.write([TimedPose(timestamp: 9, worldFromCamera: .identity)], to: file)
            var warnings: [String] = []
            let unaligned = try ViewerScene.load(folder: root, groundTruth: file, pointBudget: 10) { warnings.append($0) }
            #expect(unaligned.groundTruth == [.identity])
            #expect(warnings.last == "\(file.path) shares fewer than 3 timestamps with trajectory.txt; drawing it unaligned")
        }
    }

    @Test func aMissingTrajectoryIsNamed() throws {
        try Self.withFolder { root in
            try FileManager.default.removeItem(at: root.appendingPathComponent("trajectory.txt"))
            #expect(Self.loadError(root) == "\(root.path)/trajectory.txt: file not found")
        }
    }

    @Test func aMissingFrameImageIsNamed() throws {
        try Self.withFolder { root in
            try FileManager.default.removeItem(at: root.appendingPathComponent("mask/1.500000.png"))
            #expect(Self.loadError(root) == "\(root.path)/mask/1.500000.png: file not found")
        }
    }

    @Test func aBrokenCloudIsNamed() throws {
        try Self.withFolder { root in
            try Data("ply\nformat binary_little_endian 1.0\nelement vertex 10\nproperty float x\n".utf8)
                .write(to: root.appendingPathComponent("cloud.ply"))
            let message = try #require(Self.loadError(root))
            #expect(message.hasPrefix("\(root.path)/cloud.ply"))
        }
    }

    @Test func aBrokenReportIsNamedAndAMissingOneAssumesAFieldOfView() throws {
        try Self.withFolder { root in
            let report = root.appendingPathComponent("report.json")
            try Data("{\"intrinsics\": {\"fx\": 1}}".utf8).write(to: report)
            let message = try #require(Self.loadError(root))
            #expect(message.hasPrefix("\(report.path): missing key"))
            try FileManager.default.removeItem(at: report)
            var warnings: [String] = []
            let scene = try ViewerScene.load(folder: root, pointBudget: 10_000) { warnings.append($0) }
            #expect(warnings == ["\(report.path) is missing; assuming a 60° vertical field of view"])
            #expect(abs(scene.verticalFieldOfView - Double.pi / 3) < 1e-12 && scene.intrinsics.width == 64)
        }
    }

    @Test func aBadTrajectoryLineIsNamed() throws {
        try Self.withFolder { root in
            try Data("1.0 0 0 0 0 0 0\n".utf8).write(to: root.appendingPathComponent("trajectory.txt"))
            #expect(Self.loadError(root)?.hasPrefix("\(root.path)/trajectory.txt:1:") == true)
        }
    }

    @Test func aMissingGroundTruthFileIsNamedAndAFileIsNotAFolder() throws {
        try Self.withFolder { root in
            let missing = root.appendingPathComponent("nowhere.txt")
            #expect(Self.loadError(root, groundTruth: missing) == "\(missing.path): file not found")
            let file = root.appendingPathComponent("cloud.ply")
            #expect(Self.loadError(file) == "\(file.path): not a folder (expected a reconstruction folder)")
        }
    }

    @Test func withoutADisplayTheCommandSuggestsXvfb() throws {
        try Self.withFolder { root in
            var environment = ProcessInfo.processInfo.environment
            environment["DISPLAY"] = nil
            environment["WAYLAND_DISPLAY"] = nil
            let outcome = try Executable.run("packsfm", ["view", root.path], environment: environment)
            #expect(outcome.status != 0)
            #expect(outcome.standardError.contains("cannot open a window: no display"))
            #expect(outcome.standardError.contains("xvfb-run -a packsfm view DIR"))
            #expect(outcome.standardError.contains("--screenshot"))
        }
    }
}
