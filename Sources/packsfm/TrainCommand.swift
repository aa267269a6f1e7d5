import ArgumentParser
import DepthModels
import Foundation
import Sequences

/// `packsfm train`: self-supervised training of the depth and pose networks.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the depth and pose networks self-supervised, on random rendered rooms and/or your own videos.",
        discussion: """
        Writes to the run folder: checkpoint.safetensors (weights, Adam state, step, random state; \
        written every few minutes and on Ctrl-C), log.csv (one line per step), loss.png (the loss \
        curve) and, when finished, weights.safetensors (load it with --weights elsewhere). With \
        --snapshot-every N it also keeps the weights of every N-th step in snapshots/ \
        (step-000500.safetensors, ...); averaging the late ones with packsfm average-weights \
        usually gives better weights than the last step alone.

        Examples:
          packsfm train --out runs/default --steps 20000
          packsfm train --out runs/known --pose-supervision --warp-with-true-motion --random-gap
          packsfm train --out runs/default --resume
          packsfm train --out runs/myroom --sequence myroom.mp4 --init-weights runs/default/weights.safetensors --steps 2000
          packsfm train --out runs/default --export snapshot.safetensors
          packsfm train --out runs/swa --init-weights runs/default/weights.safetensors --lr 5e-5 --snapshot-every 500
          packsfm train --out runs/pose --init-weights runs/default/weights.safetensors --pose-only --pose-supervision --warp-with-true-motion
          packsfm train --out runs/pose --init-weights runs/default/weights.safetensors --pose-only --pose-supervision --warp-with-true-rotation
          packsfm train --out runs/pose --init-weights runs/default/weights.safetensors --pose-only --pose-supervision --supervised-rotation-only --warp-with-true-rotation
        """
    )

    @Option(help: "Run folder for checkpoints, logs and the final weights.")
    var out: String

    @Flag(help: "Continue the run in --out exactly where its checkpoint stopped.")
    var resume = false

    @Option(help: "Total optimisation steps (default: 20000; with --resume: the run's own total).")
    var steps: Int?

    @Option(help: "Triplets per step (default: 4).")
    var batchSize: Int?

    @Option(help: "Training resolution WxH, multiples of 32 (default: 128x96).")
    var size: String?

    @Option(help: "Adam learning rate, halved every --lr-step steps (default: 0.0002).")
    var lr: Float?

    @Option(help: "Steps between learning-rate halvings (default: 8000).")
    var lrStep: Int?

    @Option(help: "Frames between the target and each source frame; random rooms are rendered at 10 frames/s, so 3 gives 6-18 cm of parallax (default: 3).")
    var frameGap: Int?

    @Option(help: "Seed of initialisation, room generation, data order and augmentation (default: 1).")
    var seed: UInt64?

    @Option(name: .customLong("sequence"), help: "A TUM folder, image folder or video to train on (repeatable).")
    var sequences: [String] = []

    @Flag(help: "Also train on random rendered rooms when --sequence is given (alternating steps).")
    var withSynthetic = false

    @Option(help: "Known camera speed in m/s for --sequence inputs without ground-truth poses (velocity supervision).")
    var speed: Double?

    @Flag(help: "Disable velocity supervision (scale is then arbitrary).")
    var noVelocity = false

    @Flag(help: "Also supervise the pose network with the exact camera motions of the rendered rooms, and of --sequence inputs with ground-truth poses (the depth network stays self-supervised).")
    var poseSupervision = false

    @Flag(help: "With --pose-supervision, supervise only the pose network's rotation; its translation learns from the photometric loss (through parallax) and velocity supervision (pairs with --warp-with-true-rotation).")
    var supervisedRotationOnly = false

    @Flag(help: "Warp the source frames of the rendered rooms (and of --sequence inputs with ground-truth poses) with their exact camera motions instead of the predicted ones, so that the depth network learns from correct geometry (combine with --pose-supervision).")
    var warpWithTrueMotion = false

    @Flag(help: "Warp the source frames with the exact rotations of the rendered rooms (and of --sequence inputs with ground-truth poses) and the predicted translations, so that the photometric loss trains only the pose network's translation, from parallax (combine with --pose-supervision, which trains its rotation).")
    var warpWithTrueRotation = false

    @Flag(help: "Draw each rendered triplet's frame gap from 1 to --frame-gap, so the networks also see the 1-frame spacing that reconstruct chains.")
    var randomGap = false

    @Flag(help: "Train the pose network only; the depth network keeps the weights it starts with (use with --init-weights). With --warp-with-true-motion the step skips the depth network entirely and needs --pose-supervision.")
    var poseOnly = false

    @Option(help: "Steps between renderings of a new random room (default: 25); fewer steps give more varied data at more rendering time, worth it when steps are cheap (--pose-only).")
    var newRoomEvery: Int?

    @Flag(help: "Random rooms' cameras look forward, left or right of their walk at random instead of where the view reaches farthest (mostly across the room while circling it, which ties sideways motion to turning); for training the pose network to tell the two apart.")
    var randomLookDirection = false

    @Flag(help: "In a third of random rooms the camera looks forward, left or right of its walk, whichever sees nearest (at least 0.6 m on average) instead of farthest: large surfaces close up, as when walking past a wardrobe, which the farthest views almost never show.")
    var closeViews = false

    @Flag(help: "A third of random rooms' non-wood furniture is light (white, cream, pale grey or blue), as bedding, whiteboards and kitchen fronts often are; without it furniture colours stay muted and every bright surface is a wall.")
    var lightFurniture = false

    @Option(help: "Start from these weights instead of random initialisation (fine-tuning).")
    var initWeights: String?

    @Option(help: "Minutes between checkpoints (default: 3; with --resume: the run's own unless given).")
    var checkpointMinutes: Double?

    @Option(help: "Write the weights of the run's latest checkpoint to this file and exit (training may go on meanwhile).")
    var export: String?

    @Option(help: "Keep the weights of every N-th step in the run folder's snapshots/ (for packsfm average-weights).")
    var snapshotEvery: Int?

    @OptionGroup var input: InputOptions

    /// The options that define a run, given on the command line: a checkpoint keeps them, so
    /// `--resume` refuses them rather than ignore them.
    private var runSettingsGiven: [String] {
        let given: [(String, Bool)] = [
            ("--batch-size", batchSize != nil), ("--size", size != nil), ("--lr", lr != nil), ("--lr-step", lrStep != nil),
            ("--frame-gap", frameGap != nil), ("--seed", seed != nil),
            ("--snapshot-every", snapshotEvery != nil), ("--no-velocity", noVelocity), ("--pose-supervision", poseSupervision),
            ("--supervised-rotation-only", supervisedRotationOnly),
            ("--warp-with-true-motion", warpWithTrueMotion), ("--warp-with-true-rotation", warpWithTrueRotation),
            ("--random-gap", randomGap), ("--pose-only", poseOnly),
            ("--new-room-every", newRoomEvery != nil), ("--random-look-direction", randomLookDirection),
            ("--close-views", closeViews), ("--light-furniture", lightFurniture),
        ]
        return given.filter(\.1).map(\.0)
    }

    func validate() throws {
        if let size {
            let (width, height) = try parseSize(size, option: "--size")
            guard width % 32 == 0, height % 32 == 0 else {
                throw ValidationError("--size \(size): width and height must be multiples of 32 (the network halves them five times)")
            }
        }
        let positive = [steps.map(Double.init), batchSize.map(Double.init), frameGap.map(Double.init), lr.map(Double.init),
                        lrStep.map(Double.init), checkpointMinutes, snapshotEvery.map(Double.init), newRoomEvery.map(Double.init)]
        guard positive.allSatisfy({ ($0 ?? 1) > 0 }) else {
            throw ValidationError("--steps, --batch-size, --frame-gap, --lr, --lr-step, --checkpoint-minutes, --snapshot-every and --new-room-every must be positive")
        }
        if poseOnly && warpWithTrueMotion && !poseSupervision {
            throw ValidationError("--pose-only with --warp-with-true-motion leaves the pose network nothing to learn from; add --pose-supervision")
        }
        if supervisedRotationOnly && !poseSupervision {
            throw ValidationError("--supervised-rotation-only narrows --pose-supervision; give --pose-supervision too")
        }
        if randomLookDirection && closeViews {
            throw ValidationError("--random-look-direction and --close-views each choose where the camera looks; give one of them")
        }
        if warpWithTrueMotion && warpWithTrueRotation {
            throw ValidationError("--warp-with-true-motion already warps with the exact rotations; give one of it and --warp-with-true-rotation")
        }
        let kept = runSettingsGiven
        if resume && !kept.isEmpty {
            throw ValidationError("\(kept.joined(separator: ", ")) \(kept.count == 1 ? "is" : "are") kept in the checkpoint; --resume continues with the run's own settings")
        }
        if resume && initWeights != nil { throw ValidationError("--resume continues a run; it cannot be combined with --init-weights") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        let checkpoint = folder.appendingPathComponent("checkpoint.safetensors")
        if let export {
            let trainer = try Trainer(resumingFrom: checkpoint)
            try trainer.model.save(to: URL(fileURLWithPath: export), extraMetadata: trainer.provenance())
            print("wrote the weights of step \(trainer.step) to \(export)")
            return
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let trainer = try makeTrainer(checkpoint: checkpoint)
        var data = try makeDataSource(options: trainer.options)
        let log = try TrainingLog(csvURL: folder.appendingPathComponent("log.csv"), resumedStep: trainer.step)
        let curve = folder.appendingPathComponent("loss.png")
        let interruption = Interruption()
        let bar = ProgressBar("train", total: trainer.options.steps, unit: "steps", start: trainer.step)
        FileHandle.standardError.write(Data("training from step \(trainer.step) to \(trainer.options.steps) in \(out)\n".utf8))
        let snapshots = folder.appendingPathComponent("snapshots")
        try trainer.run(data: &data, shouldStop: { interruption.isRequested }) { report in
            log.record(report)
            if let every = trainer.options.snapshotInterval, report.step % every == 0 {
                writeSnapshot(of: trainer, step: report.step, in: snapshots)
            }
            bar.update(report.step, detail: String(format: "loss %.4f  %.1f img/s  skipped %d", report.total, report.imagesPerSecond, report.skippedSteps))
            if report.checkpointed { try? log.writeCurve(to: curve) }
        }
        try log.writeCurve(to: curve)
        if trainer.step >= trainer.options.steps {
            let weights = folder.appendingPathComponent("weights.safetensors")
            try trainer.model.save(to: weights, extraMetadata: trainer.provenance())
            print("trained \(trainer.step) steps; weights: \(weights.path); curve: \(curve.path)")
        } else {
            print("stopped at step \(trainer.step); continue with: packsfm train --out \(out) --resume")
        }
    }

    /// Writes the current weights to `snapshots/step-NNNNNN.safetensors`; a failure is reported
    /// and training goes on.
    private func writeSnapshot(of trainer: Trainer, step: Int, in folder: URL) {
        let file = folder.appendingPathComponent(String(format: "step-%06d.safetensors", step))
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try trainer.model.save(to: file, extraMetadata: trainer.provenance())
        } catch {
            FileHandle.standardError.write(Data("\nwarning: could not write the snapshot \(file.path): \(error)\n".utf8))
        }
    }

    private func makeTrainer(checkpoint: URL) throws -> Trainer {
        if resume {
            guard FileManager.default.fileExists(atPath: checkpoint.path) else {
                throw ValidationError("--resume: no checkpoint at \(checkpoint.path)")
            }
            return try Trainer(resumingFrom: checkpoint, steps: steps, checkpointInterval: checkpointMinutes.map { $0 * 60 })
        }
        var options = TrainingOptions()   // its defaults are the ones --help names
        if let size { (options.width, options.height) = try parseSize(size, option: "--size") }
        if let batchSize { options.batchSize = batchSize }
        if let frameGap { options.frameGap = frameGap }
        if let steps { options.steps = steps }
        if let lr { options.learningRate = lr }
        if let lrStep { options.learningRateStepSize = lrStep }
        if let seed { options.seed = seed }
        if let checkpointMinutes { options.checkpointInterval = checkpointMinutes * 60 }
        options.velocitySupervision = !noVelocity
        options.poseSupervision = poseSupervision
        options.rotationOnlySupervision = supervisedRotationOnly
        options.trueMotionWarping = warpWithTrueMotion
        options.trueRotationWarping = warpWithTrueRotation
        options.randomFrameGap = randomGap
        options.poseOnly = poseOnly
        options.newRoomInterval = newRoomEvery
        if randomLookDirection { options.lookDirection = .random }
        if closeViews { options.lookDirection = .sometimesNearestView }
        if lightFurniture { options.furniturePalette = .withLightColours }
        options.snapshotInterval = snapshotEvery
        guard let initWeights else { return Trainer(options: options, checkpointURL: checkpoint) }
        let model = try PackNetModel(contentsOf: URL(fileURLWithPath: initWeights))
        return Trainer(model: model, options: options, checkpointURL: checkpoint)
    }

    private func makeDataSource(options: TrainingOptions) throws -> MixedTrainingSource {
        let synthetic = SyntheticRoomSource(seed: options.seed, width: options.width, height: options.height, frameGap: options.frameGap,
                                            randomGap: options.randomFrameGap == true,
                                            refreshInterval: options.newRoomInterval ?? SyntheticRoomSource.defaultRefreshInterval,
                                            lookDirection: options.lookDirection ?? .farthestView,
                                            furniturePalette: options.furniturePalette ?? .muted)
        guard !sequences.isEmpty else { return MixedTrainingSource(sources: [synthetic]) }
        let opened = try sequences.map { try SequenceReader.open(URL(fileURLWithPath: $0), options: input.readerOptions()) }
        let user = try SequenceTrainingSource(sequences: opened, width: options.width, height: options.height,
                                              frameGap: options.frameGap, knownSpeed: speed)
        return MixedTrainingSource(sources: withSynthetic ? [user, synthetic] : [user])
    }
}
