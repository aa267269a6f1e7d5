import DepthModels
import Foundation
import Geometry
import Sequences
import Tensors

/// Test-time adaptation: fine-tunes the depth and pose networks self-supervised on the sequence
/// about to be reconstructed (the training objective, on triplets of consecutive selected
/// frames), so that a user's own room is reconstructed better than by the generic model.
///
/// The shipped model's depth network learnt from warps made with exact camera motions, and its
/// pose network's own motions are off by about as much as the camera moves between frames; so
/// the sequence is first tracked as `reconstruct` tracks it (``PoseTracker``: direct alignment
/// and bundle adjustment with the unadapted networks), and the adaptation warps with those
/// tracked motions, supervises the pose network with them and takes its travelled distances
/// from them (which keeps the networks at the tracked scale). No ground truth is used.
public enum TestTimeAdaptation {
    /// Mean minimum photometric error (``ErrorMap``, over pixels a neighbour sees) of up to
    /// `tripletCount` evenly spaced triplets (i − 1, i, i + 1) of `sequence`, each frame's depth
    /// from `model`, the neighbours warped with the motions between `poses` (one camera-to-world
    /// pose per frame) or, without them, with the pose network's: the score compared before and
    /// after adaptation (with the same tracked poses, so that it measures the depth).
    public static func photometricScore(model: PackNetModel, sequence: FrameSequence, poses: [RigidTransform]? = nil,
                                        tripletCount: Int = 8) throws -> Double {
        precondition(poses == nil || poses!.count == sequence.frames.count,
                     "TestTimeAdaptation.photometricScore: \(poses!.count) poses for \(sequence.frames.count) frames")
        let predictor = DepthPredictor(model: model)
        let intrinsics = sequence.intrinsics.rescaled(width: predictor.inputWidth, height: predictor.inputHeight)
        let count = sequence.frames.count
        guard count >= 3 else { return 0 }
        let centres = Set((0..<min(tripletCount, count - 2)).map { 1 + $0 * (count - 3) / max(1, min(tripletCount, count - 2) - 1) })
        var total = 0.0
        for centre in centres.sorted() {
            let inputs = try (centre - 1...centre + 1).map { predictor.networkInput([try sequence.loadImage($0)]) }
            let depth = predictor.depth(inputs[1]).depthMap(at: 0)
            let map = ErrorMap(image: inputs[1], depth: depth,
                               neighbours: [(inputs[0], centre - 1), (inputs[2], centre + 1)].map { input, index in
                                   (input, poses.map { PoseChain.sourceFromTarget(source: $0[index], target: $0[centre]) }
                                       ?? predictor.motion(target: inputs[1], source: input))
                               },
                               intrinsics: intrinsics)
            total += map.meanError ?? 0
        }
        return total / Double(centres.count)
    }

    /// Fine-tunes `model` in place for `steps` steps on `sequence` (its ground truth, if any, is
    /// ignored) with the motions ``trackedPoses(model:sequence:)`` finds, with a checkpoint in
    /// `scratchFolder`; returns the photometric score before and after, both warped with those
    /// tracked poses. `shouldStop` ends it early; `progress` sees each step.
    public static func adapt(model: PackNetModel, sequence: FrameSequence, steps: Int, scratchFolder: URL,
                             shouldStop: () -> Bool = { false },
                             progress: (StepReport) -> Void = { _ in }) throws -> RunSummary.Adaptation {
        let started = Date()
        var plain = sequence
        plain.frames = plain.frames.map { Frame(timestamp: $0.timestamp, image: $0.image) }
        let poses = try trackedPoses(model: model, sequence: plain)
        let before = try photometricScore(model: model, sequence: plain, poses: poses)
        var tracked = plain
        tracked.frames = zip(plain.frames, poses).map { Frame(timestamp: $0.timestamp, image: $0.image, worldFromCamera: $1) }
        var options = TrainingOptions()
        options.width = model.configuration.inputWidth
        options.height = model.configuration.inputHeight
        options.steps = steps
        options.batchSize = 2
        options.frameGap = 1
        options.learningRate = 5e-5
        options.learningRateStepSize = max(1, steps)
        options.poseSupervision = true
        options.trueMotionWarping = true
        options.checkpointInterval = 1e9   // only the final checkpoint (finite: the options are stored as JSON)
        try FileManager.default.createDirectory(at: scratchFolder, withIntermediateDirectories: true)
        let trainer = Trainer(model: model, options: options,
                              checkpointURL: scratchFolder.appendingPathComponent("adaptation.safetensors"))
        var data = try SequenceTrainingSource(sequences: [tracked], width: options.width, height: options.height, frameGap: options.frameGap)
        try trainer.run(data: &data, shouldStop: shouldStop, report: progress)
        let after = try photometricScore(model: model, sequence: plain, poses: poses)
        return RunSummary.Adaptation(steps: trainer.step, photometricBefore: before, photometricAfter: after,
                                     seconds: Date().timeIntervalSince(started))
    }

    /// Every frame's camera-to-world pose as `reconstruct` would track it with `model` at the
    /// networks' resolution (default pose refinement and bundle adjustment), at the scale of the
    /// model's depth; the first frame at the origin.
    public static func trackedPoses(model: PackNetModel, sequence: FrameSequence) throws -> [RigidTransform] {
        let predictor = DepthPredictor(model: model)
        let width = predictor.inputWidth, height = predictor.inputHeight
        let settings = ReconstructionSettings()
        var tracker = PoseTracker(intrinsics: sequence.intrinsics.rescaled(width: width, height: height),
                                  alignmentWindow: settings.poseRefinementWindow, bundleWindow: settings.bundleAdjustmentWindow,
                                  bundleAnchors: settings.bundleAdjustmentAnchors)
        var poses: [RigidTransform] = []
        var previous: Tensor?
        for index in sequence.frames.indices {
            let image = try sequence.loadImage(index).rgbResized(width: width, height: height)
            let input = Tensor(images: [image])
            let motion = previous.map { predictor.motion(target: input, source: $0) } ?? .identity
            poses += tracker.add(image: image, depth: predictor.depth(input).depthMap(at: 0), networkMotion: motion).map(\.worldFromCamera)
            previous = input
        }
        return poses + tracker.finish().map(\.worldFromCamera)
    }
}
