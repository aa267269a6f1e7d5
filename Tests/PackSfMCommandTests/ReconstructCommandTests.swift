import Foundation
import Geometry
import Imaging
import Reconstruction
import Testing
import TestSupport

/// Renders of Scenes/living_room.json for the command tests, made once.
enum CommandFixtures {
    static let scenes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenes")

    static func scratch(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("reconstruct-command-\(name)-\(UUID().uuidString)")
    }

    static func render(frames: Int, size: String) -> URL {
        let folder = scratch("render")
        let outcome = try! Executable.run("packsfm", ["render", scenes.appendingPathComponent("living_room.json").path,
                                                      "--out", folder.path, "--frames", "\(frames)", "--size", size,
                                                      "--supersampling", "1"])
        precondition(outcome.status == 0, outcome.standardError)
        return folder
    }

    /// Eight frames at 128x96 (coarser frames are too sparse for 2 cm voxels).
    static let small = render(frames: 8, size: "128x96")
}

@Suite struct ReconstructCommandTests {
    @Test func helpShowsExamples() throws {
        let outcome = try Executable.run("packsfm", ["reconstruct", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("packsfm reconstruct /tmp/living_room --out /tmp/living_room_recon"))
        let eval = try Executable.run("packsfm", ["eval", "--help"])
        #expect(eval.standardOutput.contains("packsfm eval /tmp/living_room_recon --gt /tmp/living_room"))
    }

    @Test func writesEveryFileOfTheFolderContract() throws {
        let output = CommandFixtures.scratch("out")
        let outcome = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("8/8 frames"))
        #expect(outcome.standardOutput.contains("reconstructed 8 frames"))
        let folder = ReconstructionFolder(root: output)
        let poses = try TUMTrajectory.read(folder.trajectory)
        #expect(poses.count == 8)
        for pose in poses {
            // Outputs at the input's 128x96 (the networks run at their own 256x192).
            #expect(try PNG.readDepth(folder.depth(timestamp: pose.timestamp)).width == 128)
            for url in [folder.rgb(timestamp: pose.timestamp), folder.error(timestamp: pose.timestamp), folder.mask(timestamp: pose.timestamp)] {
                let image = try PNG.read(url)
                #expect(image.width == 128 && image.height == 96)
            }
        }
        let report = try ReconstructionReport.read(folder.report)
        #expect(report.intrinsics.width == 128 && report.run?.inputIntrinsics.width == 128)
        #expect(report.run?.networkResolution == [256, 192])
        #expect(try PLY.read(folder.cloud).count == report.cloud.pointCount)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)

        // The shipped model is interim: only the fusion check's numbers are asserted.
        let json = CommandFixtures.scratch("fusion-check").appendingPathExtension("json")
        let eval = try Executable.run("packsfm", ["eval", output.path, "--gt", CommandFixtures.small.path, "--fusion-check", "--json", json.path])
        #expect(eval.status == 0, "\(eval.standardError)")
        #expect(eval.standardOutput.contains("fusion check (ground-truth depth and poses, same frames and settings):"))
        let results = try JSONDecoder().decode([String: ReconstructionEvaluation].self, from: Data(contentsOf: json))
        #expect(results["reconstruction"]?.matchedFrames == 8)
        #expect((results["fusionCheck"]?.cloud.scores[0].fScore ?? 0) > 0.95)
    }

    @Test func adaptationReportsThePhotometricErrorBeforeAndAfter() throws {
        let output = CommandFixtures.scratch("adapt")
        let outcome = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path,
                                                     "--adapt", "2", "--stride", "2"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("adaptation: 2 steps in"))
        #expect(outcome.standardError.contains("2/2 steps"))
        let adaptation = try #require(try ReconstructionReport.read(ReconstructionFolder(root: output).report).run?.adaptation)
        #expect(adaptation.steps == 2 && adaptation.photometricBefore > 0 && adaptation.photometricAfter > 0)
        #expect(adaptation.photometricBefore != adaptation.photometricAfter)
    }

    @Test func groundTruthReconstructionEvaluatesAsNearPerfect() throws {
        let output = CommandFixtures.scratch("gt")
        let run = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path, "--ground-truth"])
        #expect(run.status == 0, "\(run.standardError)")
        let json = CommandFixtures.scratch("eval").appendingPathExtension("json")
        let eval = try Executable.run("packsfm", ["eval", output.path, "--gt", CommandFixtures.small.path, "--json", json.path])
        #expect(eval.status == 0, "\(eval.standardError)")
        #expect(eval.standardOutput.contains("F-score"))
        let results = try JSONDecoder().decode([String: ReconstructionEvaluation].self, from: Data(contentsOf: json))
        let evaluation = try #require(results["reconstruction"])
        #expect(evaluation.matchedFrames == 8)
        #expect(evaluation.depth.allSatisfy { $0.errors.absRel < 1e-3 && $0.errors.delta1 > 0.999 })
        #expect(evaluation.trajectory.ateRMSE < 1e-4)
        #expect(evaluation.cloud.scores[0].fScore > 0.95 && evaluation.cloud.scores[1].fScore > 0.97)
    }

    @Test func ctrlCLeavesAReadableFolderOfTheFramesDone() throws {
        let input = CommandFixtures.render(frames: 400, size: "64x48")
        let output = CommandFixtures.scratch("interrupted")
        let process = Process()
        process.executableURL = Executable.productsDirectory.appendingPathComponent("packsfm")
        process.arguments = ["reconstruct", input.path, "--out", output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let depth = output.appendingPathComponent("depth")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, ((try? FileManager.default.contentsOfDirectory(atPath: depth.path))?.count ?? 0) < 5 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.interrupt()   // SIGINT, as Ctrl-C
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let folder = ReconstructionFolder(root: output)
        let report = try ReconstructionReport.read(folder.report)
        #expect(report.run?.interrupted == true)
        let poses = try TUMTrajectory.read(folder.trajectory)
        #expect(poses.count >= 5 && poses.count < 400)
        #expect(report.inputs.frameCount == poses.count && report.frames.count == poses.count)
        for pose in poses {
            for url in [folder.depth(timestamp: pose.timestamp), folder.rgb(timestamp: pose.timestamp),
                        folder.error(timestamp: pose.timestamp), folder.mask(timestamp: pose.timestamp)] {
                #expect(FileManager.default.fileExists(atPath: url.path), "\(url.path)")
            }
        }
        #expect(try PLY.read(folder.cloud).count == report.cloud.pointCount)
        try? FileManager.default.removeItem(at: input)
    }

    @Test func refinedRunAtAReducedWidthRecordsBoth() throws {
        let output = CommandFixtures.scratch("refined")
        let outcome = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path,
                                                     "--refine", "bilateral", "--max-width", "32", "--max-frames", "3",
                                                     "--pose-window", "2", "--bundle-window", "2", "--bundle-anchors", "1,2",
                                                     "--stereo-hypotheses", "5"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let folder = ReconstructionFolder(root: output)
        let report = try ReconstructionReport.read(folder.report)
        #expect(report.run?.refinement == "bilateral" && report.intrinsics.width == 32 && report.intrinsics.height == 24)
        #expect(report.run?.poseRefinement?.window == 2 && report.run?.bundleAdjustment?.window == 2)
        #expect(report.run?.bundleAdjustment?.anchors == [1, 2])
        #expect(report.run?.stereo?.hypotheses == 5 && report.run?.stereo?.frames == 3)
        #expect(report.inputs.frameCount == 3)
    }

    @Test func badInputsAreNamed() throws {
        let missing = CommandFixtures.scratch("missing")
        let output = CommandFixtures.scratch("never")
        let noInput = try Executable.run("packsfm", ["reconstruct", missing.path, "--out", output.path])
        #expect(noInput.status != 0)
        #expect(noInput.standardError.contains(missing.path))
        #expect(!FileManager.default.fileExists(atPath: output.path))

        let stride = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path, "--stride", "0"])
        #expect(stride.status != 0 && stride.standardError.contains("--stride must be at least 1; got 0"))
        let both = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path, "--stride", "2", "--keyframes"])
        #expect(both.status != 0 && both.standardError.contains("give either --stride or --keyframes, not both"))
        let width = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path, "--max-width", "8"])
        #expect(width.status != 0 && width.standardError.contains("--max-width must be at least 16 pixels; got 8"))
        let window = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path, "--pose-window", "0"])
        #expect(window.status != 0 && window.standardError.contains("--pose-window must be at least 1 frame; got 0"))
        let bundle = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path, "--bundle-window", "1"])
        #expect(bundle.status != 0 && bundle.standardError.contains("--bundle-window must be 0 (off) or at least 2 frames; got 1"))
        for anchors in ["0", "8,x", "8,,16", ""] {
            let bad = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path, "--bundle-anchors", anchors])
            #expect(bad.status != 0 && bad.standardError.contains("--bundle-anchors takes 'none' or positive frame counts separated by commas, e.g. 8,16; got '\(anchors)'"),
                    "\(bad.standardError)")
        }
        let stereo = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path, "--stereo-hypotheses", "1"])
        #expect(stereo.status != 0 && stereo.standardError.contains("--stereo-hypotheses must be 0 (off) or at least 2; got 1"))
        let refine = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path, "--refine", "crf"])
        #expect(refine.status != 0 && refine.standardError.contains("crf"))
        let refineTruth = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path,
                                                         "--ground-truth", "--refine", "guided"])
        #expect(refineTruth.status != 0 && refineTruth.standardError.contains("--refine refines network depth: drop it with --ground-truth"))
        let weights = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", output.path,
                                                     "--weights", missing.appendingPathExtension("safetensors").path])
        #expect(weights.status != 0 && weights.standardError.contains(missing.appendingPathExtension("safetensors").path))
        #expect(!FileManager.default.fileExists(atPath: output.path))

        let full = CommandFixtures.scratch("full")
        try FileManager.default.createDirectory(at: full, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: full.appendingPathComponent("keep.txt"))
        let notEmpty = try Executable.run("packsfm", ["reconstruct", CommandFixtures.small.path, "--out", full.path])
        #expect(notEmpty.status != 0 && notEmpty.standardError.contains("\(full.path): the output folder exists and is not empty"))

        let eval = try Executable.run("packsfm", ["eval", full.path, "--gt", CommandFixtures.small.path])
        #expect(eval.status != 0 && eval.standardError.contains(full.appendingPathComponent("trajectory.txt").path))
    }

    @Test func groundTruthNeedsAGroundTruthSequence() throws {
        let images = CommandFixtures.scratch("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        for (index, name) in try FileManager.default.contentsOfDirectory(atPath: CommandFixtures.small.appendingPathComponent("rgb").path).sorted().prefix(3).enumerated() {
            try FileManager.default.copyItem(at: CommandFixtures.small.appendingPathComponent("rgb/\(name)"),
                                             to: images.appendingPathComponent("frame\(index).png"))
        }
        let outcome = try Executable.run("packsfm", ["reconstruct", images.path, "--out", CommandFixtures.scratch("o").path, "--ground-truth", "--fov", "60"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("frame0.png: no ground-truth pose for this frame"))
    }
}
