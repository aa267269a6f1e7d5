import ArgumentParser
import Foundation
import Geometry
import Reconstruction
import Sequences

/// `packsfm eval`: a reconstruction folder against ground truth.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a reconstruction folder against a ground-truth sequence: depth, trajectory and cloud.",
        discussion: """
        Depth: abs rel, sq rel, RMSE, RMSE log and δ thresholds of depth/<timestamp>.png against \
        the ground-truth depth resized (nearest) to the same size, without scaling, with per-frame \
        median scaling and with one global median scale. Trajectory: ATE (also as % of the path \
        length) and RPE after Sim(3) Umeyama alignment, frames matched by timestamp. Cloud:
        accuracy, completeness, precision, recall and F-score at 5 and 10 cm after the same \
        Sim(3), against points back-projected from the ground-truth depth with ground-truth poses.

        Examples:
          packsfm render Scenes/living_room.json --out /tmp/living_room --frames 120
          packsfm reconstruct /tmp/living_room --out /tmp/living_room_recon
          packsfm eval /tmp/living_room_recon --gt /tmp/living_room --json /tmp/living_room_eval.json
          packsfm eval /tmp/living_room_recon --gt /tmp/living_room --fusion-check
        """
    )

    @Argument(help: "A reconstruction folder written by packsfm reconstruct.")
    var folder: String

    @Option(help: "The ground-truth sequence: a TUM folder with depth and groundtruth.txt.")
    var gt: String

    @Option(help: "Also write the numbers as JSON to this file.")
    var json: String?

    @Flag(name: .customLong("fusion-check"),
          help: "Also reconstruct --gt from its ground-truth depth and poses (same frames and settings as FOLDER's report) and evaluate that: measures fusion alone.")
    var fusionCheck = false

    func run() throws {
        let sequence = try SequenceReader.open(URL(fileURLWithPath: gt))
        let reconstruction = ReconstructionFolder(root: URL(fileURLWithPath: folder))
        let evaluation = try ReconstructionEvaluation.evaluate(folder: reconstruction, groundTruth: sequence)
        print(evaluation.table())
        var results = ["reconstruction": evaluation]
        if fusionCheck {
            let checked = try fusionCheckEvaluation(sequence: sequence, reconstruction: reconstruction)
            print("\nfusion check (ground-truth depth and poses, same frames and settings):")
            print(checked.table())
            results["fusionCheck"] = checked
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(results).write(to: URL(fileURLWithPath: json), options: .atomic)
        }
    }

    /// Reconstructs the frames of `reconstruction`'s trajectory from ground truth into a
    /// temporary folder and evaluates it.
    private func fusionCheckEvaluation(sequence: FrameSequence, reconstruction: ReconstructionFolder) throws -> ReconstructionEvaluation {
        let report = try ReconstructionReport.read(reconstruction.report)
        let used = Set(try TUMTrajectory.read(reconstruction.trajectory).map { ReconstructionFolder.stem($0.timestamp) })
        var frames = sequence
        frames.frames = sequence.frames.filter { used.contains(ReconstructionFolder.stem($0.timestamp)) }
        var settings = ReconstructionSettings()
        settings.voxelSize = report.settings.voxelSize
        settings.minimumObservations = report.settings.minimumObservations
        settings.maximumWidth = report.intrinsics.width
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-fusion-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = ReconstructionFolder(root: scratch)
        let run = ReconstructionRun(sequence: frames, inputDescription: gt, weights: nil,
                                    source: .groundTruth,
                                    settings: settings, folder: folder)
        try run.prepare()
        _ = try run.run()
        return try ReconstructionEvaluation.evaluate(folder: folder, groundTruth: sequence)
    }
}
