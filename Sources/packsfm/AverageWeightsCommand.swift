import ArgumentParser
import DepthModels
import Foundation

/// `packsfm average-weights A B ... --out C`: snapshot averaging of one model's weights files.
struct AverageWeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "average-weights",
        abstract: "Average several weights files of one model into one (snapshot averaging).",
        discussion: """
        Snapshots exported late in one training run (packsfm train --out DIR --export FILE, \
        taken every few hundred steps) scatter around a minimum; their element-wise mean is \
        usually better than any single one and steadier from scene to scene. All files must hold \
        the same network configuration. The result carries the first file's architecture and \
        configuration and lists its sources in the "averaged_from" metadata; check it with \
        packsfm eval-depth before shipping it.

        Examples:
          packsfm train --out runs/default --export snaps/step-4000.safetensors
          packsfm average-weights snaps/step-*.safetensors --out averaged.safetensors
          packsfm eval-depth --weights averaged.safetensors
        """
    )

    @Argument(help: "Two or more weights files of the same model.")
    var weights: [String]

    @Option(help: "The averaged weights file to write.")
    var out: String

    func validate() throws {
        guard weights.count >= 2 else {
            throw ValidationError("give at least two weights files to average (got \(weights.count))")
        }
    }

    func run() throws {
        let model = try PackNetModel.average(of: weights.map { URL(fileURLWithPath: $0) })
        let sources = weights.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        try model.save(to: URL(fileURLWithPath: out), extraMetadata: ["averaged_from": sources])
        print("wrote the mean of \(weights.count) weights files to \(out)")
    }
}
