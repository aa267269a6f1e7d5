import Foundation
import Testing
import Tensors
import TestSupport

@Suite struct TrainCommandTests {
    func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("train-command-\(UUID().uuidString)")
    }

    @Test func helpShowsExamples() throws {
        let outcome = try Executable.run("packsfm", ["train", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("packsfm train --out runs/default --resume"))
    }

    @Test func trainsResumesAndExports() throws {
        let folder = scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tiny = ["--size", "64x32", "--batch-size", "1"]
        let first = try Executable.run("packsfm", ["train", "--out", folder.path, "--steps", "2"] + tiny)
        #expect(first.status == 0, "\(first.standardError)")
        for file in ["checkpoint.safetensors", "log.csv", "loss.png", "weights.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "missing \(file)")
        }
        let resumed = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume", "--steps", "3"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardError.contains("training from step 2 to 3"))
        let log = try String(contentsOf: folder.appendingPathComponent("log.csv"), encoding: .utf8)
        #expect(log.split(separator: "\n").map { $0.split(separator: ",").first ?? "" } == ["step", "1", "2", "3"])
        // Without --steps a resumed run keeps its own total (3 here, not the default 20000).
        let finished = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume", "--checkpoint-minutes", "1"])
        #expect(finished.status == 0 && finished.standardError.contains("training from step 3 to 3"), "\(finished.standardError)")
        let exported = folder.appendingPathComponent("exported.safetensors")
        let export = try Executable.run("packsfm", ["train", "--out", folder.path, "--export", exported.path])
        #expect(export.status == 0 && export.standardOutput.contains("step 3"))
    }

    @Test func poseSupervisionIsLoggedAndSurvivesResume() throws {
        let folder = scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tiny = ["--size", "64x32", "--batch-size", "1", "--pose-supervision", "--warp-with-true-motion", "--random-gap"]
        let first = try Executable.run("packsfm", ["train", "--out", folder.path, "--steps", "1"] + tiny)
        #expect(first.status == 0, "\(first.standardError)")
        let resumed = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume", "--steps", "2"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let lines = try String(contentsOf: folder.appendingPathComponent("log.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.hasSuffix(",pose") == true)
        let poseTerms = lines.dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Float($0) } }
        #expect(poseTerms.count == 2 && poseTerms.allSatisfy { $0 > 0 }, "\(lines)")
    }

    @Test func snapshotsAreKeptEveryNStepsAndAcrossResume() throws {
        let folder = scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tiny = ["--size", "64x32", "--batch-size", "1", "--snapshot-every", "2"]
        let first = try Executable.run("packsfm", ["train", "--out", folder.path, "--steps", "3"] + tiny)
        #expect(first.status == 0, "\(first.standardError)")
        let resumed = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume", "--steps", "4"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let snapshots = folder.appendingPathComponent("snapshots")
        let names = try FileManager.default.contentsOfDirectory(atPath: snapshots.path).sorted()
        #expect(names == ["step-000002.safetensors", "step-000004.safetensors"])
        let averaged = folder.appendingPathComponent("averaged.safetensors")
        let average = try Executable.run("packsfm", ["average-weights"] + names.map { snapshots.appendingPathComponent($0).path }
                                         + ["--out", averaged.path])
        #expect(average.status == 0, "\(average.standardError)")
        let again = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume", "--snapshot-every", "5"])
        #expect(again.status != 0 && again.standardError.contains("--snapshot-every is kept in the checkpoint"))
        let changed = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume", "--lr", "1e-5", "--size", "64x64"])
        #expect(changed.status != 0 && changed.standardError.contains("--size, --lr are kept in the checkpoint"), "\(changed.standardError)")
    }

    @Test func poseOnlyRunsRecordTheirRoomSettingsAndKeepThemOnResume() throws {
        let folder = scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tiny = ["--size", "64x32", "--batch-size", "1", "--pose-only", "--pose-supervision", "--warp-with-true-motion", "--new-room-every", "1",
                    "--random-look-direction", "--light-furniture"]
        let first = try Executable.run("packsfm", ["train", "--out", folder.path, "--steps", "2"] + tiny)
        #expect(first.status == 0, "\(first.standardError)")
        let (_, metadata) = try SafeTensors.read(folder.appendingPathComponent("weights.safetensors"))
        let options = try #require(metadata["training_options"])
        #expect(options.contains("\"poseOnly\":true") && options.contains("\"newRoomInterval\":1")
                && options.contains("\"lookDirection\":\"random\"")
                && options.contains("\"furniturePalette\":\"withLightColours\""), "\(options)")
        let again = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume", "--new-room-every", "5"])
        #expect(again.status != 0 && again.standardError.contains("--new-room-every is kept in the checkpoint"))
        let look = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume", "--random-look-direction"])
        #expect(look.status != 0 && look.standardError.contains("--random-look-direction is kept in the checkpoint"))
        let palette = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume", "--light-furniture"])
        #expect(palette.status != 0 && palette.standardError.contains("--light-furniture is kept in the checkpoint"))
        let zero = try Executable.run("packsfm", ["train", "--out", scratch().path, "--new-room-every", "0"])
        #expect(zero.status != 0 && zero.standardError.contains("--new-room-every must be positive"))
    }

    @Test func poseOnlyWithTrueMotionWarpsNeedsPoseSupervision() throws {
        let outcome = try Executable.run("packsfm", ["train", "--out", scratch().path, "--pose-only", "--warp-with-true-motion"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--pose-only with --warp-with-true-motion leaves the pose network nothing to learn from"))
    }

    @Test func trueMotionAndTrueRotationWarpsExcludeEachOther() throws {
        let outcome = try Executable.run("packsfm", ["train", "--out", scratch().path, "--warp-with-true-motion", "--warp-with-true-rotation"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--warp-with-true-motion already warps with the exact rotations"), "\(outcome.standardError)")
    }

    @Test func randomLookDirectionsAndCloseViewsExcludeEachOther() throws {
        let outcome = try Executable.run("packsfm", ["train", "--out", scratch().path, "--random-look-direction", "--close-views"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--random-look-direction and --close-views each choose where the camera looks"),
                "\(outcome.standardError)")
    }

    @Test func supervisedRotationOnlyNeedsPoseSupervision() throws {
        let outcome = try Executable.run("packsfm", ["train", "--out", scratch().path, "--supervised-rotation-only"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--supervised-rotation-only narrows --pose-supervision"), "\(outcome.standardError)")
    }

    @Test func sizeMustBeAMultipleOf32() throws {
        let outcome = try Executable.run("packsfm", ["train", "--out", scratch().path, "--size", "100x96"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--size 100x96: width and height must be multiples of 32"))
    }

    @Test func resumeNeedsACheckpoint() throws {
        let folder = scratch()
        let outcome = try Executable.run("packsfm", ["train", "--out", folder.path, "--resume"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--resume: no checkpoint at \(folder.path)/checkpoint.safetensors"))
    }

    @Test func missingSequenceIsNamed() throws {
        let outcome = try Executable.run("packsfm", ["train", "--out", scratch().path, "--sequence", "/no/such/video.mp4", "--steps", "1"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("/no/such/video.mp4"))
    }
}
