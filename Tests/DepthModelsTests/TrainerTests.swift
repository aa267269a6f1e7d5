import Foundation
import Geometry
import Testing
import Tensors
@testable import DepthModels

/// Random-texture triplets from the trainer's own generator; the first batch asked for each
/// step in `poisonedSteps` holds NaN images.
struct NoiseTriplets: TrainingDataSource {
    var poisonedSteps: Set<Int> = []
    /// Whether batches carry exact motions (a small turn and step to each source).
    var knowsMotions = false

    mutating func batch(step: Int, size: Int, generator: inout SplitMix64) throws -> TrainingBatch {
        let poisoned = poisonedSteps.remove(step) != nil
        func image() -> Tensor {
            Tensor(shape: [size, 3, 32, 64], values: (0..<(size * 3 * 32 * 64)).map { _ in
                poisoned ? .nan : generator.nextFloat(in: 0...1)
            })
        }
        let camera = Intrinsics(fx: 40, fy: 40, cx: 31.5, cy: 15.5, width: 64, height: 32)
        let motion = Tensor(shape: [size, 6], values: (0..<size).flatMap { _ in [0, 0.02, 0, 0.05, 0, 0] })
        return TrainingBatch(target: image(), previous: image(), next: image(), intrinsics: camera,
                             travelledDistances: (Array(repeating: 0.05, count: size), Array(repeating: 0.05, count: size)),
                             trueMotions: knowsMotions ? (motion, motion * -1) : nil)
    }
}

@Suite struct TrainerTests {
    let tiny: PackNetConfiguration = {
        var configuration = PackNetConfiguration()
        configuration.widths = [8, 8, 8, 16, 16, 16]
        configuration.blocks = [1, 1, 1, 1]
        configuration.poseWidths = [8, 8, 8, 8, 8, 16, 16]
        return configuration
    }()

    func options(steps: Int) -> TrainingOptions {
        var options = TrainingOptions()
        options.width = 64; options.height = 32; options.batchSize = 2; options.steps = steps
        options.checkpointInterval = 1e9
        return options
    }

    func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-\(name)-\(UUID()).safetensors")
    }

    @Test func resumingContinuesExactly() throws {
        let straightURL = temporaryFile("straight"), splitURL = temporaryFile("split")
        defer { try? FileManager.default.removeItem(at: straightURL); try? FileManager.default.removeItem(at: splitURL) }
        var data = NoiseTriplets()
        let straight = Trainer(options: options(steps: 4), configuration: tiny, checkpointURL: straightURL)
        try straight.run(data: &data)

        let first = Trainer(options: options(steps: 4), configuration: tiny, checkpointURL: splitURL)
        var stopAfterTwo = 0
        try first.run(data: &data, shouldStop: { stopAfterTwo += 1; return stopAfterTwo > 2 })
        #expect(first.step == 2)
        let resumed = try Trainer(resumingFrom: splitURL)
        #expect(resumed.step == 2)
        try resumed.run(data: &data)
        #expect(resumed.step == 4)
        for (a, b) in zip(straight.model.namedParameters(), resumed.model.namedParameters()) {
            #expect(a.tensor.values == b.tensor.values, "\(a.name) differs after resuming")
        }
    }

    @Test func nonFiniteStepsAreSkippedAndNeverCheckpointed() throws {
        let url = temporaryFile("nan")
        defer { try? FileManager.default.removeItem(at: url) }
        var data = NoiseTriplets(poisonedSteps: [1])
        let trainer = Trainer(options: options(steps: 3), configuration: tiny, checkpointURL: url)
        var losses: [Float] = []
        try trainer.run(data: &data, report: { losses.append($0.total) })
        #expect(trainer.skippedSteps == 1)
        #expect(losses[1].isNaN && losses[0].isFinite && losses[2].isFinite)
        let (tensors, _) = try SafeTensors.read(url)
        #expect(tensors.values.allSatisfy { $0.values.allSatisfy(\.isFinite) })
    }

    @Test func repeatedNonFiniteStepsRollBackWithALowerLearningRate() throws {
        let url = temporaryFile("rollback")
        defer { try? FileManager.default.removeItem(at: url) }
        var data = NoiseTriplets(poisonedSteps: [2, 3, 4])
        let trainer = Trainer(options: options(steps: 6), configuration: tiny, checkpointURL: url)
        var stops = 0
        try trainer.run(data: &data, shouldStop: { stops += 1; return stops == 3 })   // checkpoint at step 2
        let rateBefore = trainer.learningRate
        try trainer.run(data: &data)
        #expect(trainer.learningRate == rateBefore / 2)
        #expect(trainer.skippedSteps == 3)
    }

    @Test func aFewStepsReduceTheLossOnOneTriplet() throws {
        let url = temporaryFile("fit")
        defer { try? FileManager.default.removeItem(at: url) }
        struct Fixed: TrainingDataSource {
            var batch: TrainingBatch?
            mutating func batch(step: Int, size: Int, generator: inout SplitMix64) throws -> TrainingBatch {
                if batch == nil { var fixedGenerator = SplitMix64(seed: 5); var noise = NoiseTriplets(); batch = try noise.batch(step: 0, size: size, generator: &fixedGenerator) }
                return batch!
            }
        }
        var data = Fixed()
        var opts = options(steps: 12)
        opts.learningRate = 1e-3
        let trainer = Trainer(options: opts, configuration: tiny, checkpointURL: url)
        var losses: [Float] = []
        try trainer.run(data: &data, report: { losses.append($0.total) })
        #expect(losses.last! < losses.first!)
    }

    /// The pose network's output layer (weight, bias), each split into the rows that produce
    /// the rotation (the first three of six) and those that produce the translation.
    func poseOutputRows(of trainer: Trainer) -> [(rotation: [Float], translation: [Float])] {
        trainer.model.namedParameters().filter { $0.name.hasPrefix("pose.out.") }.map { parameter in
            let values = parameter.tensor.values, translationStart = values.count / 6 * 3
            return (Array(values[..<translationStart]), Array(values[translationStart...]))
        }
    }

    @Test func trueRotationWarpsTrainThePoseNetworkPhotometrically() throws {
        let url = temporaryFile("true-rotation")
        defer { try? FileManager.default.removeItem(at: url) }
        var data = NoiseTriplets(knowsMotions: true)
        var opts = options(steps: 2)
        opts.poseOnly = true
        opts.trueRotationWarping = true
        opts.velocitySupervision = false
        let trainer = Trainer(options: opts, configuration: tiny, checkpointURL: url)
        let before = poseOutputRows(of: trainer)
        var reports: [StepReport] = []
        try trainer.run(data: &data, report: { reports.append($0) })
        #expect(trainer.skippedSteps == 0)
        #expect(reports.allSatisfy { $0.photometric > 0 && $0.pose == 0 && $0.velocity == 0 })
        // Only the photometric term trains, and only through the translations: the output
        // layer's rotation rows (the first three of six) keep their weights, the others move.
        for (old, new) in zip(before, poseOutputRows(of: trainer)) {
            #expect(old.rotation == new.rotation)
            #expect(old.translation != new.translation)
        }
    }

    @Test func rotationOnlySupervisionLeavesTheTranslationToTheOtherTerms() throws {
        let url = temporaryFile("rotation-only")
        defer { try? FileManager.default.removeItem(at: url) }
        var data = NoiseTriplets(knowsMotions: true)
        var opts = options(steps: 2)
        opts.poseOnly = true
        opts.poseSupervision = true
        opts.rotationOnlySupervision = true
        opts.trueMotionWarping = true   // no photometric term: rotation supervision is all that trains
        opts.velocitySupervision = false
        let trainer = Trainer(options: opts, configuration: tiny, checkpointURL: url)
        let before = poseOutputRows(of: trainer)
        try trainer.run(data: &data)
        #expect(trainer.skippedSteps == 0)
        for (old, new) in zip(before, poseOutputRows(of: trainer)) {
            #expect(old.rotation != new.rotation)
            #expect(old.translation == new.translation)
        }
    }

    @Test(arguments: [false, true])
    func poseOnlyTrainingLeavesTheDepthNetworkAsItWas(warpingWithTrueMotions: Bool) throws {
        let url = temporaryFile("pose-only")
        defer { try? FileManager.default.removeItem(at: url) }
        var data = NoiseTriplets(knowsMotions: true)
        var opts = options(steps: 2)
        opts.poseOnly = true
        opts.poseSupervision = true
        opts.trueMotionWarping = warpingWithTrueMotions
        let trainer = Trainer(options: opts, configuration: tiny, checkpointURL: url)
        let before = trainer.model.namedParameters().map { ($0.name, $0.tensor.values) }
        var reports: [StepReport] = []
        try trainer.run(data: &data, report: { reports.append($0) })
        #expect(trainer.skippedSteps == 0)
        // With true-motion warps the photometric terms are not evaluated at all.
        #expect(reports.allSatisfy { ($0.photometric == 0) == warpingWithTrueMotions && $0.pose > 0 })
        for ((name, old), (_, new)) in zip(before, trainer.model.namedParameters().map { ($0.name, $0.tensor.values) }) {
            if name.hasPrefix("depth.") {
                #expect(old == new, "\(name) changed in a pose-only run")
            } else if name.hasPrefix("pose.out.") {
                #expect(old != new, "\(name) did not train")
            }
        }
    }
}
