import ArgumentParser
import DepthModels
import Foundation
import Reconstruction
import Sequences

/// `packsfm eval-depth`: depth and pose accuracy of a model on the evaluation scenes.
struct EvalDepthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-depth",
        abstract: "Measure depth (AbsRel, SqRel, RMSE, RMSElog, delta) and pose (ATE) accuracy on the evaluation scenes.",
        discussion: """
        Renders each scene of --scenes in memory, predicts depth for every frame and \
        the motion between consecutive frames, and compares them with the \
        renderer's exact depth and poses:
          depth  median-scaled per frame, unscaled, and a constant-depth baseline;
                 ground truth in 0.1-10 m, predictions clamped to that range
          pose   motions chained over snippets of 100 frames; ATE RMSE after
                 Sim(3) alignment, in metres and in % of the path length; also
                 with the poses reconstruct estimates: each motion sharpened by
                 direct image alignment against the previous 5 frames, then
                 bundle-adjusted over the last 12 with 2 earlier frames held
                 ("aligned ATE %")
        Targets of the shipped model: AbsRel <= 0.12 and delta<1.25 >= 0.85 \
        median-scaled, AbsRel <= 0.20 unscaled, ATE <= 5% of the path (checked for the \
        network's motions and for the aligned ones).

        Examples:
          packsfm eval-depth
          packsfm eval-depth --refine guided --json /tmp/eval-guided.json
          packsfm eval-depth --mirror-average
          packsfm eval-depth --scenes Scenes --frames 300 --size 256x192
          packsfm eval-depth --weights runs/default/weights.safetensors
        """
    )

    @OptionGroup var prediction: DepthPredictionOptions

    @Option(help: "Folder of scene files (*.json); default: the Scenes folder of the current directory or of the package holding this executable.")
    var scenes: String?

    @Option(help: "Frames rendered per scene (at the scene's frame rate).")
    var frames: Int = 100

    @Option(help: "Image size WxH (default: the model's input size).")
    var size: String?

    @Option(help: "Also write the full report (per scene, per snippet, targets) as JSON to this file.")
    var json: String?

    func validate() throws {
        guard frames >= 3 else { throw ValidationError("--frames must be at least 3; got \(frames)") }
        if let size { _ = try parseSize(size, option: "--size") }
    }

    func run() throws {
        let folder = try scenes.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? Self.bundledScenes()
        let loaded = try Self.sceneFiles(in: folder).map { try Scene.load($0) }
        let predictor = try prediction.predictor()
        let (width, height) = try size.map { try parseSize($0, option: "--size") } ?? (predictor.inputWidth, predictor.inputHeight)
        let benchmark = DepthBenchmark(predictor: predictor, refinement: prediction.refine, frameCount: frames, width: width, height: height,
                                       snippetLength: 100)
        let results = loaded.map { scene in
            let bar = ProgressBar(scene.name, total: 2 * frames, unit: "frames (render, then predict)")
            return benchmark.evaluate(scene) { bar.update($0) }
        }
        let report = DepthBenchmarkReport(weights: prediction.weights ?? "shipped", refinement: prediction.refine.rawValue + (prediction.mirrorAverage ? ", mirror-averaged" : ""), width: width, height: height,
                                          snippetLength: benchmark.snippetLength, scenes: results)
        print(report.table())
        if let json {
            try report.jsonData().write(to: URL(fileURLWithPath: json), options: .atomic)
            print("wrote \(json)")
        }
    }

    /// The `*.json` files of `folder`, sorted by name; an error when there are none.
    static func sceneFiles(in folder: URL) throws -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw ValidationError("--scenes \(folder.path): no such folder")
        }
        let files = names.filter { $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
        guard !files.isEmpty else { throw ValidationError("--scenes \(folder.path): no scene files (*.json) in the folder") }
        return files
    }

    /// `Scenes/` in the current directory, or in a folder above this executable (the package
    /// root of a `swift build`).
    static func bundledScenes() throws -> URL {
        let manager = FileManager.default
        var candidates = [URL(fileURLWithPath: manager.currentDirectoryPath)]
        var directory = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        while directory.path != "/" {
            candidates.append(directory)
            directory.deleteLastPathComponent()
        }
        for candidate in candidates {
            let scenes = candidate.appendingPathComponent("Scenes", isDirectory: true)
            if manager.fileExists(atPath: scenes.appendingPathComponent("living_room.json").path) { return scenes }
        }
        throw ValidationError("no Scenes folder with the evaluation scenes in the current directory or above the executable; pass --scenes DIR")
    }
}
