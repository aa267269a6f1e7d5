import Foundation
import Geometry
import Testing
import Tensors
@testable import DepthModels

@Suite struct ObjectiveTests {
    let camera = Intrinsics(fx: 40, fy: 40, cx: 31.5, cy: 15.5, width: 64, height: 32)

    /// A textured image [1, 3, 32, 64] (smooth random blobs).
    func texture(seed: UInt64) -> Tensor {
        var generator = SplitMix64(seed: seed)
        let phases = (0..<12).map { _ in generator.nextFloat(in: 0...6.28) }
        var values: [Float] = []
        for channel in 0..<3 {
            for v in 0..<32 {
                for u in 0..<64 {
                    let x = Float(u) / 5, y = Float(v) / 5
                    values.append(0.5 + 0.2 * sin(x + phases[channel]) * cos(y + phases[channel + 3]) + 0.15 * sin(0.7 * x - 1.3 * y + phases[channel + 6]))
                }
            }
        }
        return Tensor(shape: [1, 3, 32, 64], values: values)
    }

    /// The constant sigmoid whose depth is `depth` metres under `net`'s range.
    func sigmas(depth: Float, net: DepthNet) -> [Tensor] {
        let minInverse = Float(1 / net.configuration.maxDepth), span = Float(1 / net.configuration.minDepth) - minInverse
        let sigma = (1 / depth - minInverse) / span
        return [[1, 1, 32, 64], [1, 1, 16, 32], [1, 1, 8, 16], [1, 1, 4, 8]].map { Tensor(repeating: sigma, shape: $0) }
    }

    /// The true motion of ``evaluationOfAShiftedView(depth:predictedMotion:warpingMotion:)``.
    let shiftedViewMotion = Tensor(shape: [1, 6], values: [0, 0.01, 0, 0.15, 0, 0])

    /// The objective for a textured source seen from a target 0.15 m to the side and slightly
    /// turned, whose true depth is 3 m everywhere, with the target's depth set to `depth`, the
    /// predicted motion `predictedMotion` (the true one by default) and, optionally, a motion to
    /// warp with instead.
    func evaluationOfAShiftedView(depth: Float, predictedMotion: Tensor? = nil,
                                  warpingMotion: Tensor? = nil) -> SelfSupervisedObjective.Evaluation {
        let net = DepthNet(configuration: PackNetConfiguration(), initializer: ParameterInitializer(seed: 1))
        let source = texture(seed: 4)
        let target = ViewSynthesis(intrinsics: camera).warp(
            source: source, depth: Tensor(repeating: 3, shape: [1, 1, 32, 64]), motion: shiftedViewMotion).image
        return SelfSupervisedObjective().evaluate(target: target, sources: [source], sigmas: sigmas(depth: depth, net: net),
                                                  motions: [predictedMotion ?? shiftedViewMotion], depthNet: net, intrinsics: camera,
                                                  warpingMotions: warpingMotion.map { [$0] })
    }

    @Test func trueDepthAndMotionScoreBetterThanWrongOnes() {
        func loss(depth: Float) -> Float { evaluationOfAShiftedView(depth: depth).photometric }
        #expect(loss(depth: 3) < 0.5 * loss(depth: 1.5))
        #expect(loss(depth: 3) < 0.5 * loss(depth: 8))
    }

    /// Warping with the known motion ignores the predicted one: a wrong prediction no longer
    /// spoils the photometric error, and the true depth still scores best.
    @Test func warpingMotionsReplaceThePredictedOnes() {
        let wrong = Tensor(shape: [1, 6], values: [0, -0.05, 0, -0.1, 0, 0.05])
        let withWrong = evaluationOfAShiftedView(depth: 3, predictedMotion: wrong)
        let warpedWithTruth = evaluationOfAShiftedView(depth: 3, predictedMotion: wrong, warpingMotion: shiftedViewMotion)
        let reference = evaluationOfAShiftedView(depth: 3)
        #expect(withWrong.photometric > 2 * reference.photometric)
        #expect(warpedWithTruth.photometric == reference.photometric)
        let farWarpedWithTruth = evaluationOfAShiftedView(depth: 8, predictedMotion: wrong, warpingMotion: shiftedViewMotion)
        #expect(warpedWithTruth.photometric < 0.5 * farWarpedWithTruth.photometric)
    }

    /// Depth so small that the motion throws almost every pixel outside the source must not pay:
    /// those pixels keep their unwarped error in the mean.
    @Test func sendingPixelsOutOfViewDoesNotLowerTheLoss() {
        let tiny = evaluationOfAShiftedView(depth: 0.12)
        #expect(tiny.evidence.filter { $0 == .outOfView }.count > tiny.evidence.count * 3 / 4)
        #expect(tiny.photometric > 2 * evaluationOfAShiftedView(depth: 3).photometric)
    }

    @Test func staticSceneIsAutomaskedAndOutsidePixelsAreReported() {
        let net = DepthNet(configuration: PackNetConfiguration(), initializer: ParameterInitializer(seed: 1))
        let image = texture(seed: 2)
        // A large sideways motion makes the left or right border project outside the source.
        let motion = Tensor(shape: [1, 6], values: [0, 0, 0, 0.5, 0, 0])
        let evaluation = SelfSupervisedObjective().evaluate(
            target: image, sources: [image], sigmas: sigmas(depth: 2, net: net), motions: [motion], depthNet: net, intrinsics: camera)
        // The source equals the target, so the unwarped source wins wherever it can: automasked.
        #expect(evaluation.evidence.filter { $0 == .automasked }.count > evaluation.evidence.count / 2)
        #expect(evaluation.evidence.contains(.outOfView))
        #expect(!evaluation.evidence.contains(.used) || evaluation.evidence.filter { $0 == .used }.count < 64)
    }

    @Test func velocityLossMeasuresTheTranslationNormError() {
        let motion = Tensor(shape: [2, 6], values: [0, 0, 0, 0.3, 0.4, 0, 0, 0, 0, 0, 0, 1])
        let loss = SelfSupervisedObjective().velocityLoss(motions: [motion], travelledDistances: [[0.5, 0.25]])
        #expect(abs(loss.scalar - 0.375) < 1e-5)   // mean(|0.5 − 0.5|, |1 − 0.25|)
    }

    @Test func poseSupervisionAddsTheMeanAbsoluteMotionError() {
        let net = DepthNet(configuration: PackNetConfiguration(), initializer: ParameterInitializer(seed: 1))
        let image = texture(seed: 2)
        let motion = Tensor(shape: [1, 6], values: [0, 0.01, 0, 0.1, 0, 0])
        let truth = Tensor(shape: [1, 6], values: [0, 0.04, 0, 0.1, 0, 0.06])
        func evaluate(trueMotions: [Tensor]?) -> SelfSupervisedObjective.Evaluation {
            SelfSupervisedObjective().evaluate(target: image, sources: [image], sigmas: sigmas(depth: 2, net: net), motions: [motion],
                                               depthNet: net, intrinsics: camera, trueMotions: trueMotions)
        }
        let without = evaluate(trueMotions: nil), with = evaluate(trueMotions: [truth])
        #expect(without.pose == 0)
        #expect(abs(with.pose - 0.015) < 1e-6)   // (0.03 + 0.06) / 6
        #expect(abs(with.total.scalar - without.total.scalar - 0.015) < 1e-5)
    }

    @Test func rotationOnlySupervisionComparesAndTrainsOnlyTheRotation() {
        var objective = SelfSupervisedObjective()
        objective.supervisedMotionComponents = 0..<3
        let motion = Tensor(shape: [1, 6], values: [0, 0.01, 0, 0.1, 0, 0], requiresGradient: true)
        let truth = Tensor(shape: [1, 6], values: [0, 0.04, 0.03, 0.1, 0, 0.06])
        let supervision = objective.motionSupervision(motions: [motion], travelledDistances: nil, trueMotions: [truth])
        #expect(abs(supervision.pose - 0.02) < 1e-6)   // (0.03 + 0.03) / 3; the translation's 0.06 is ignored
        supervision.total?.backward()
        let gradient = motion.gradient?.values ?? []
        #expect(gradient.count == 6)
        #expect(gradient.prefix(3).contains { $0 != 0 })
        #expect(gradient.suffix(3).allSatisfy { $0 == 0 })
    }
}
