import ArgumentParser
import DepthModels

/// The options of the commands that run the depth network on images (`depth`, `eval-depth`).
struct DepthPredictionOptions: ParsableArguments {
    @Option(help: "Weights file (default: the model shipped with PackSfM).")
    var weights: String?

    @Option(help: "Image-guided depth refinement: none, guided (guided filter) or bilateral (joint bilateral filter).")
    var refine: DepthRefinementOption = .none

    @Flag(name: .customLong("mirror-average"), help: "Average each depth map with the prediction for the mirrored image, mirrored back (test-time flip augmentation; twice the depth network's time).")
    var mirrorAverage = false

    /// The predictor these options describe; throws when the weights file cannot be loaded.
    func predictor() throws -> DepthPredictor {
        DepthPredictor(model: try PackNetModel.load(weights: weights), averagesMirroredPrediction: mirrorAverage)
    }
}
