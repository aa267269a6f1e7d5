import DepthModels
import Foundation
import Reconstruction
import Sequences

/// `reconstruct` end to end: a 300-frame 256x192 rendering of Scenes/living_room.json with the
/// shipped model (networks, depth, error maps, masks, bundle adjustment, fusion and writing at 256x192;
/// no adaptation), the same with guided refinement, and with ground-truth depth and poses; with
/// each run's stages (those above 0.05 s) in milliseconds per frame.
let reconstructBenchmarks = BenchmarkSection(name: "reconstruct") { table in
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-reconstruct-benchmark-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let sceneFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenes/living_room.json")
    let input = scratch.appendingPathComponent("living_room")
    let frameCount = 300
    try! renderSequence(scene: try! Scene.load(sceneFile), frames: frameCount, width: 256, height: 192, to: input)
    let sequence = try! SequenceReader.open(input)
    let model = try! PackNetModel.shipped()
    let cases: [(String, DepthSource, DepthRefinementOption, String)] = [
        ("reconstruct \(frameCount) × 256x192, shipped model", .network(model), .none, "≤ 60 s"),
        ("reconstruct \(frameCount) × 256x192, shipped model, --refine guided", .network(model), .guided, ""),
        ("reconstruct \(frameCount) × 256x192, ground truth", .groundTruth, .none, ""),
    ]
    for (index, (label, source, refinement, target)) in cases.enumerated() {
        let folder = ReconstructionFolder(root: scratch.appendingPathComponent("out\(index)"))
        var settings = ReconstructionSettings()
        settings.refinement = refinement
        let run = ReconstructionRun(sequence: sequence, inputDescription: input.path, weights: nil, source: source,
                                    settings: settings, folder: folder)
        try! run.prepare()
        let started = Date()
        let report = try! run.run()
        let seconds = Date().timeIntervalSince(started)
        table.add(label, "seconds", String(format: "%.1f", seconds), target: target)
        table.add(label, "frames/s", String(format: "%.1f", Double(frameCount) / seconds))
        table.add(label, "points", "\(report.cloud.pointCount)")
        table.add(label, "ms/frame by stage", report.timings.filter { $0.seconds >= 0.05 }
            .map { "\($0.stage) \(Int(($0.seconds * 1000 / Double(frameCount)).rounded()))" }.joined(separator: ", "))
    }
}
