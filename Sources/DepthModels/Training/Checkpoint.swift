import Foundation
import Geometry
import Tensors

/// Everything needed to continue a training run exactly: weights, Adam moments, step, the data
/// generator's state and the learning-rate state. Stored as one safetensors file (parameters
/// under their model names, Adam moments under `adam.*`, the rest as metadata), written to a
/// temporary file and renamed.
public struct Checkpoint {
    /// Metadata keys.
    enum Key {
        static let step = "step", generator = "generator_state", skipped = "skipped_steps"
        static let learningRateScale = "learning_rate_scale", options = "training_options"
    }

    /// Writes the state of `trainer` to `url`. Refuses (throws) when any value is NaN or Inf, so
    /// a checkpoint is never poisoned.
    static func save(_ trainer: Trainer, to url: URL) throws {
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in trainer.model.namedParameters() { tensors[name] = tensor }
        for (name, tensor) in trainer.optimizer.stateTensors() { tensors[name] = tensor }
        if let bad = tensors.first(where: { !$0.value.storage.buffer.allSatisfy(\.isFinite) }) {
            throw TrainingError.nonFiniteState(tensor: bad.key)
        }
        let options = String(decoding: try JSONEncoder().encode(trainer.options), as: UTF8.self)
        var metadata = trainer.model.metadata()
        metadata[Key.step] = String(trainer.step)
        metadata[Key.generator] = String(trainer.generator.state)
        metadata[Key.skipped] = String(trainer.skippedSteps)
        metadata[Key.learningRateScale] = String(trainer.learningRateScale)
        metadata[Key.options] = options
        try SafeTensors.write(tensors, metadata: metadata, to: url)
    }

    /// Restores `trainer` (already built with the checkpoint's configuration) from `url`.
    static func restore(_ trainer: Trainer, from url: URL) throws {
        let (tensors, metadata) = try SafeTensors.read(url)
        guard let step = metadata[Key.step].flatMap(Int.init),
              let generator = metadata[Key.generator].flatMap(UInt64.init),
              let skipped = metadata[Key.skipped].flatMap(Int.init),
              let scale = metadata[Key.learningRateScale].flatMap(Float.init)
        else { throw TrainingError.notACheckpoint(file: url.path) }
        try loadParameters(trainer.model.namedParameters(), from: tensors)
        try trainer.optimizer.loadState(tensors, stepCount: step)
        trainer.step = step
        trainer.generator = SplitMix64(seed: generator)
        trainer.skippedSteps = skipped
        trainer.learningRateScale = scale
    }

    /// The training options stored in the checkpoint at `url`.
    static func options(at url: URL) throws -> (TrainingOptions, PackNetConfiguration) {
        let (_, metadata) = try SafeTensors.read(url)
        guard let optionsText = metadata[Key.options],
              let options = try? JSONDecoder().decode(TrainingOptions.self, from: Data(optionsText.utf8)),
              let configText = metadata["config"],
              let configuration = try? JSONDecoder().decode(PackNetConfiguration.self, from: Data(configText.utf8))
        else { throw TrainingError.notACheckpoint(file: url.path) }
        return (options, configuration)
    }
}

/// Training failures that a user can act on.
public enum TrainingError: Error, CustomStringConvertible {
    case notACheckpoint(file: String)
    case nonFiniteState(tensor: String)
    case diverged(rollbacks: Int)

    public var description: String {
        switch self {
        case .notACheckpoint(let file):
            "\(file): not a PackSfM training checkpoint (missing step, generator or options metadata)"
        case .nonFiniteState(let tensor):
            "refusing to write a checkpoint: tensor \(tensor) holds NaN or Inf"
        case .diverged(let rollbacks):
            "training diverged: still non-finite after \(rollbacks) rollbacks with lowered learning rates"
        }
    }
}
