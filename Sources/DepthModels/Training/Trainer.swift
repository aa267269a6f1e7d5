import Foundation
import Geometry
import Tensors

/// What one training step did, for progress bars and logs.
public struct StepReport: Sendable {
    /// The step just finished (1-based count of steps done).
    public let step: Int
    /// Loss terms of the step (NaN when the step was skipped).
    public let total: Float, photometric: Float, smoothness: Float, velocity: Float, pose: Float
    /// The learning rate used.
    public let learningRate: Float
    /// Seconds the step took, and images (targets) per second.
    public let seconds: Double, imagesPerSecond: Double
    /// Steps skipped so far for non-finite losses or gradients.
    public let skippedSteps: Int
    /// Whether a checkpoint was written after this step.
    public let checkpointed: Bool
}

/// Self-supervised training of the depth and pose networks (Monodepth2 / PackNet-SfM recipe)
/// with exact resumption.
///
/// Each step: colour-jitter (and maybe flip) a batch of triplets, predict the target's inverse
/// depths and the two motions, evaluate ``SelfSupervisedObjective`` on the un-jittered images
/// (warping with the data's exact motions instead of the predicted ones when
/// ``TrainingOptions/trueMotionWarping`` is set and the data knows them, or with their exact
/// rotations and the predicted translations under ``TrainingOptions/trueRotationWarping``),
/// back-propagate, Adam step. A step whose loss or gradients are not finite is skipped and
/// counted; three in a row roll back to the last checkpoint with half the learning rate.
public final class Trainer {
    public let model: PackNetModel
    public let options: TrainingOptions
    let optimizer: Adam
    let checkpointURL: URL
    var objective: SelfSupervisedObjective
    var augmentation = Augmentation()
    /// Steps done so far.
    public internal(set) var step = 0
    /// The generator of data order and augmentation (checkpointed).
    var generator: SplitMix64
    /// Steps skipped so far for non-finite values.
    public internal(set) var skippedSteps = 0
    /// Multiplier on the schedule's learning rate, halved by each rollback.
    var learningRateScale: Float = 1
    private var consecutiveSkips = 0, rollbacks = 0

    /// A new run with fresh networks; checkpoints go to `checkpointURL`.
    public convenience init(options: TrainingOptions, configuration: PackNetConfiguration = PackNetConfiguration(), checkpointURL: URL) {
        var configuration = configuration
        configuration.inputWidth = options.width
        configuration.inputHeight = options.height
        self.init(model: PackNetModel(configuration: configuration, seed: options.seed), options: options, checkpointURL: checkpointURL)
    }

    /// Continues the run saved in `checkpointURL` exactly where it stopped; `steps` may extend it
    /// and `checkpointInterval` (seconds) replace the run's.
    public convenience init(resumingFrom checkpointURL: URL, steps: Int? = nil, checkpointInterval: Double? = nil) throws {
        var (options, configuration) = try Checkpoint.options(at: checkpointURL)
        if let steps { options.steps = steps }
        if let checkpointInterval { options.checkpointInterval = checkpointInterval }
        self.init(options: options, configuration: configuration, checkpointURL: checkpointURL)
        try Checkpoint.restore(self, from: checkpointURL)
    }

    /// Fine-tunes an existing model (test-time adaptation or a user's own videos).
    public init(model: PackNetModel, options: TrainingOptions, checkpointURL: URL) {
        self.model = model
        self.options = options
        self.checkpointURL = checkpointURL
        objective = Self.objective(for: options)
        optimizer = Adam(parameters: model.namedParameters(), learningRate: options.learningRate)
        generator = SplitMix64(seed: options.seed ^ 0x5EED_DA7A)
    }

    /// The recipe's objective, supervising only the rotation under
    /// ``TrainingOptions/rotationOnlySupervision``.
    static func objective(for options: TrainingOptions) -> SelfSupervisedObjective {
        var objective = SelfSupervisedObjective()
        if options.rotationOnlySupervision == true { objective.supervisedMotionComponents = 0..<3 }
        return objective
    }

    /// The learning rate of the current step.
    public var learningRate: Float {
        let schedule = StepSchedule(baseLearningRate: options.learningRate, stepSize: options.learningRateStepSize,
                                    gamma: options.learningRateDecay)
        return schedule.learningRate(atStep: step) * learningRateScale
    }

    /// Trains until `options.steps` steps are done or `shouldStop()` says so, writing a
    /// checkpoint every `options.checkpointInterval` seconds and when stopping.
    public func run(data: inout some TrainingDataSource, shouldStop: () -> Bool = { false },
                    report: (StepReport) -> Void = { _ in }) throws {
        var lastCheckpoint = Date()
        while step < options.steps && !shouldStop() {
            let started = Date()
            let losses = try trainStep(data: &data)
            var checkpointed = false
            if consecutiveSkips >= 3 {
                try rollBack()
            } else if Date().timeIntervalSince(lastCheckpoint) >= options.checkpointInterval || step == options.steps {
                try saveCheckpoint()
                lastCheckpoint = Date()
                checkpointed = true
            }
            let seconds = Date().timeIntervalSince(started)
            report(StepReport(step: step, total: losses.total, photometric: losses.photometric,
                              smoothness: losses.smoothness, velocity: losses.velocity, pose: losses.pose, learningRate: learningRate,
                              seconds: seconds, imagesPerSecond: Double(options.batchSize) / seconds,
                              skippedSteps: skippedSteps, checkpointed: checkpointed))
        }
        if step < options.steps { try saveCheckpoint() }
    }

    /// Writes the current state to the checkpoint file.
    public func saveCheckpoint() throws { try Checkpoint.save(self, to: checkpointURL) }

    /// One optimisation step; returns its loss terms (NaN when skipped).
    func trainStep(data: inout some TrainingDataSource) throws -> (total: Float, photometric: Float, smoothness: Float, velocity: Float, pose: Float) {
        let batch = try data.batch(step: step, size: options.batchSize, generator: &generator)
        let flip = generator.nextFloat(in: 0...1) < augmentation.flipProbability
        var frames = [batch.target, batch.previous, batch.next]
        var intrinsics = batch.intrinsics
        var knownMotions = batch.trueMotions.map { [$0.previous, $0.next] }
        if flip {
            frames = Augmentation.flipHorizontally(frames)
            intrinsics = intrinsics.flippedHorizontally
            knownMotions = knownMotions?.map(Augmentation.flipMotionsHorizontally)
        }
        let jittered = augmentation.jitter(frames, generator: &generator)
        let noiseSeed = generator.next()

        optimizer.learningRate = learningRate
        optimizer.zeroGradients()
        let motions = [model.pose(target: jittered[0], source: jittered[1]), model.pose(target: jittered[0], source: jittered[2])]
        let distances = options.velocitySupervision ? batch.travelledDistances.map { [$0.previous, $0.next] } : nil
        let supervisingMotions = options.poseSupervision == true ? knownMotions : nil
        let warpingMotions = self.warpingMotions(predicted: motions, known: knownMotions)
        let losses: (total: Tensor?, photometric: Float, smoothness: Float, velocity: Float, pose: Float)
        if options.poseOnly == true && options.trueMotionWarping == true && knownMotions != nil {
            // The warps use the exact motions and the depth network is frozen: the photometric
            // and smoothness terms train nothing.
            let supervision = objective.motionSupervision(motions: motions, travelledDistances: distances, trueMotions: supervisingMotions)
            losses = (supervision.total, 0, 0, supervision.velocity, supervision.pose)
        } else {
            let sigmas = options.poseOnly == true ? withoutGradients { model.depth(jittered[0]) } : model.depth(jittered[0])
            let evaluation = objective.evaluate(
                target: frames[0], sources: [frames[1], frames[2]], sigmas: sigmas, motions: motions,
                depthNet: model.depth, intrinsics: intrinsics, travelledDistances: distances,
                trueMotions: supervisingMotions, warpingMotions: warpingMotions, noiseSeed: noiseSeed)
            losses = (evaluation.total, evaluation.photometric, evaluation.smoothness, evaluation.velocity, evaluation.pose)
        }
        step += 1
        guard let loss = losses.total, loss.scalar.isFinite else { return skip() }
        loss.backward()
        let parameters = model.namedParameters()
        guard parameters.allSatisfy({ $0.tensor.gradientStorage?.buffer.allSatisfy(\.isFinite) ?? true }) else { return skip() }
        optimizer.step()
        consecutiveSkips = 0
        return (loss.scalar, losses.photometric, losses.smoothness, losses.velocity, losses.pose)
    }

    /// The motions the sources are warped with: the data's exact ones with
    /// ``TrainingOptions/trueMotionWarping``, their rotations with the predicted translations
    /// with ``TrainingOptions/trueRotationWarping``, otherwise `nil` (the predicted motions).
    private func warpingMotions(predicted: [Tensor], known: [Tensor]?) -> [Tensor]? {
        guard let known else { return nil }
        if options.trueMotionWarping == true { return known }
        guard options.trueRotationWarping == true else { return nil }
        return zip(known, predicted).map { motions(rotationsOf: $0, translationsOf: $1) }
    }

    private func skip() -> (total: Float, photometric: Float, smoothness: Float, velocity: Float, pose: Float) {
        optimizer.zeroGradients()
        skippedSteps += 1
        consecutiveSkips += 1
        return (.nan, .nan, .nan, .nan, .nan)
    }

    /// Restores the last checkpoint (or keeps the current weights when none was written yet)
    /// and halves the learning rate.
    private func rollBack() throws {
        rollbacks += 1
        guard rollbacks <= 5 else { throw TrainingError.diverged(rollbacks: rollbacks - 1) }
        let skipped = skippedSteps, scale = learningRateScale
        if FileManager.default.fileExists(atPath: checkpointURL.path) {
            try Checkpoint.restore(self, from: checkpointURL)
        }
        skippedSteps = skipped
        learningRateScale = scale * 0.5
        consecutiveSkips = 0
    }
}

extension Trainer {
    /// Training provenance for the weights file's metadata: steps done, the options, skipped steps.
    public func provenance() -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return [
            "training_steps": String(step),
            "training_options": String(decoding: (try? encoder.encode(options)) ?? Data(), as: UTF8.self),
            "skipped_steps": String(skippedSteps),
        ]
    }
}
