import Foundation

/// One accuracy target of issue 4 and whether the mean over scenes meets it.
public struct DepthTarget: Codable, Equatable, Sendable {
    /// What is measured, e.g. "AbsRel (median-scaled)".
    public var name: String
    /// The measured mean.
    public var value: Double
    /// The bound.
    public var threshold: Double
    /// Whether the value must be at most (true) or at least (false) the bound.
    public var atMost: Bool
    /// Whether the value meets the bound.
    public var passed: Bool

    /// A target checked against `value`.
    public init(name: String, value: Double, threshold: Double, atMost: Bool) {
        self.name = name; self.value = value; self.threshold = threshold; self.atMost = atMost
        passed = atMost ? value <= threshold : value >= threshold
    }
}

/// The results of ``DepthBenchmark`` over several scenes: per scene, their mean, the targets of
/// the shipped model (issue 4), as a table for people and as JSON.
public struct DepthBenchmarkReport: Codable, Equatable, Sendable {
    /// The weights file evaluated ("shipped" for the built-in model).
    public var weights: String
    /// The refinement applied.
    public var refinement: String
    /// Rendered image size.
    public var width: Int, height: Int
    /// Frames per trajectory snippet.
    public var snippetLength: Int
    /// Each scene's results.
    public var scenes: [SceneDepthResult]
    /// The mean over scenes of every number (scene "mean"; its snippets are all scenes' snippets).
    public var mean: SceneDepthResult
    /// The targets of issue 4 checked on ``mean``.
    public var targets: [DepthTarget]

    /// The report of `scenes`.
    public init(weights: String, refinement: String, width: Int, height: Int, snippetLength: Int, scenes: [SceneDepthResult]) {
        precondition(!scenes.isEmpty, "DepthBenchmarkReport: no scenes")
        self.weights = weights; self.refinement = refinement; self.width = width; self.height = height
        self.snippetLength = snippetLength; self.scenes = scenes
        func average(_ value: (SceneDepthResult) -> Double) -> Double { DepthBenchmark.mean(scenes.map(value)) }
        func averageErrors(_ errors: (SceneDepthResult) -> DepthErrors) -> DepthErrors {
            DepthErrors(absRel: average { errors($0).absRel }, sqRel: average { errors($0).sqRel }, rmse: average { errors($0).rmse },
                        rmseLog: average { errors($0).rmseLog }, delta1: average { errors($0).delta1 },
                        delta2: average { errors($0).delta2 }, delta3: average { errors($0).delta3 },
                        pixelCount: scenes.reduce(0) { $0 + errors($1).pixelCount })
        }
        mean = SceneDepthResult(
            scene: "mean", frameCount: scenes.reduce(0) { $0 + $1.frameCount },
            medianScaled: averageErrors(\.medianScaled), unscaled: averageErrors(\.unscaled),
            constantBaseline: averageErrors(\.constantBaseline), snippets: scenes.flatMap(\.snippets),
            ateRMSE: average(\.ateRMSE), atePercentOfPath: average(\.atePercentOfPath),
            networkRotationAtePercentOfPath: average(\.networkRotationAtePercentOfPath),
            networkTranslationAtePercentOfPath: average(\.networkTranslationAtePercentOfPath),
            networkTranslationDirectionErrorDegrees: average(\.networkTranslationDirectionErrorDegrees),
            refinedSnippets: scenes.flatMap(\.refinedSnippets), refinedAteRMSE: average(\.refinedAteRMSE),
            refinedAtePercentOfPath: average(\.refinedAtePercentOfPath),
            depthMilliseconds: average(\.depthMilliseconds), refinementMilliseconds: average(\.refinementMilliseconds),
            poseMilliseconds: average(\.poseMilliseconds), poseRefinementMilliseconds: average(\.poseRefinementMilliseconds))
        targets = [
            DepthTarget(name: "AbsRel, median-scaled", value: mean.medianScaled.absRel, threshold: 0.12, atMost: true),
            DepthTarget(name: "delta<1.25, median-scaled", value: mean.medianScaled.delta1, threshold: 0.85, atMost: false),
            DepthTarget(name: "AbsRel, unscaled", value: mean.unscaled.absRel, threshold: 0.20, atMost: true),
            DepthTarget(name: "ATE % of path", value: mean.atePercentOfPath, threshold: 5, atMost: true),
            DepthTarget(name: "aligned ATE % of path (what reconstruct chains)", value: mean.refinedAtePercentOfPath,
                        threshold: 5, atMost: true),
        ]
    }

    /// The report as text: a depth table (median-scaled, unscaled and the constant baseline per
    /// scene and their mean), a pose table, timings and the targets with PASS / FAIL.
    public func table() -> String {
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        func errorsRow(_ scene: String, _ kind: String, _ e: DepthErrors) -> String {
            pad(scene, 13) + pad(kind, 10) + String(format: "%7.3f %7.3f %7.3f %8.3f %7.3f %8.3f %8.3f",
                                                     e.absRel, e.sqRel, e.rmse, e.rmseLog, e.delta1, e.delta2, e.delta3)
        }
        var lines = ["depth (\(width)x\(height), weights \(weights), refinement \(refinement); ground truth 0.1-10 m, predictions clamped to it)",
                     pad("scene", 13) + pad("scaling", 10) + " AbsRel   SqRel    RMSE  RMSElog  d<1.25 d<1.25^2 d<1.25^3"]
        for result in scenes + [mean] {
            lines.append(errorsRow(result.scene, "median", result.medianScaled))
            lines.append(errorsRow(result.scene, "none", result.unscaled))
            lines.append(errorsRow(result.scene, "constant", result.constantBaseline))
        }
        lines += ["", "pose (ATE RMSE after Sim(3) alignment, snippets of \(snippetLength) frames; \"aligned\": the poses reconstruct estimates, "
                  + "each motion sharpened by direct image alignment with the predicted depth against the previous frames of its pose window, "
                  + "then bundle-adjusted over its window; \"rot only\" / \"trans only\": the network's rotations with the true translations, "
                  + "and the reverse; \"t dir °\": the median angle between the network's translation and the true one)",
                  pad("scene", 13) + "snippets   ATE m   path m   ATE %  rot only  trans only  t dir °  aligned ATE %   depth ms  refine ms  pose ms  align ms"]
        for result in scenes + [mean] {
            let path = DepthBenchmark.mean(result.snippets.map(\.pathLength))
            lines.append(pad(result.scene, 13) + String(format: "%8d %7.3f %8.2f %7.2f %9.2f %11.2f %8.1f %14.2f %10.1f %10.1f %8.1f %9.1f",
                                                        result.snippets.count, result.ateRMSE, path, result.atePercentOfPath,
                                                        result.networkRotationAtePercentOfPath, result.networkTranslationAtePercentOfPath,
                                                        result.networkTranslationDirectionErrorDegrees,
                                                        result.refinedAtePercentOfPath,
                                                        result.depthMilliseconds, result.refinementMilliseconds, result.poseMilliseconds,
                                                        result.poseRefinementMilliseconds))
        }
        lines += ["", "targets of the shipped model (issue 4), on the mean over scenes"]
        for target in targets {
            lines.append("  \(target.passed ? "PASS" : "FAIL")  \(target.name) \(target.atMost ? "<=" : ">=") \(target.threshold): "
                         + String(format: "%.3f", target.value))
        }
        return lines.joined(separator: "\n")
    }

    /// Pretty, key-sorted JSON of the whole report.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
