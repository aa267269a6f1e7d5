import Foundation
import Geometry
import Imaging
import Sequences
import Testing
import Tensors
@testable import DepthModels

/// The objective's gradients on a rendered room: free (per-pixel, per-parameter) unknowns
/// optimised with Adam must move towards the renderer's true depth and motion.
@Suite struct DepthRecoveryTests {
    /// A target (frame 20) and source frames of a random room walk at 128x96, with the true
    /// motions T_source←target and depth.
    struct RenderedTriplet {
        let camera = Intrinsics.phone(width: 128, height: 96)
        let target: Tensor, sources: [Tensor], motions: [Tensor]
        let depth: [Float]

        init(sourceFrames: [Int]) {
            let scene = RoomGenerator(seed: 5).room(2)
            let renderer = SceneRenderer(scene: scene, intrinsics: camera, supersampling: 2)
            let poses = scene.cameraPoses(frameCount: 24, fps: 10)
            let rendered = renderer.render(worldFromCamera: poses[20].worldFromCamera)
            target = Tensor(images: [rendered.image])
            depth = rendered.depth.depths
            sources = sourceFrames.map { Tensor(images: [renderer.render(worldFromCamera: poses[$0].worldFromCamera).image]) }
            motions = sourceFrames.map { index in
                Tensor(shape: [1, 6], values: (poses[index].worldFromCamera.inverse * poses[20].worldFromCamera).motionVector)
            }
        }
    }

    let net = DepthNet(configuration: PackNetConfiguration(), initializer: ParameterInitializer(seed: 1))

    /// The sigmoid that `net` maps to `depth` metres.
    func sigmoid(forDepth depth: Float) -> Float {
        let minInverse = Float(1 / net.configuration.maxDepth), span = Float(1 / net.configuration.minDepth) - minInverse
        return (1 / max(depth, 0.1) - minInverse) / span
    }

    /// Rotation error in degrees between two [1, 6] motions.
    func rotationError(_ a: [Float], _ b: [Float]) -> Float {
        (0..<3).map { (a[$0] - b[$0]) * (a[$0] - b[$0]) }.reduce(0, +).squareRoot() * 180 / .pi
    }

    @Test func trueMotionsPullAFreeDepthMapTowardsTheRenderedDepth() {
        let triplet = RenderedTriplet(sourceFrames: [17, 23])
        let valid = triplet.depth.indices.filter { triplet.depth[$0] > 0.1 }
        let median = valid.map { triplet.depth[$0] }.sorted()[valid.count / 2]
        let start = sigmoid(forDepth: median)
        let logit = Tensor(repeating: log(start / (1 - start)), shape: [1, 1, 96, 128], requiresGradient: true)
        let optimiser = Adam(parameters: [("logit", logit)], learningRate: 0.05)
        func absRel() -> Float {
            let depth = withoutGradients { net.depth(fromSigmoid: logit.sigmoid()) }.values
            return valid.map { abs(depth[$0] - triplet.depth[$0]) / triplet.depth[$0] }.reduce(0, +) / Float(valid.count)
        }
        let before = absRel()
        for step in 0..<150 {
            optimiser.zeroGradients()
            SelfSupervisedObjective().evaluate(target: triplet.target, sources: triplet.sources, sigmas: [logit.sigmoid()],
                                               motions: triplet.motions, depthNet: net, intrinsics: triplet.camera,
                                               noiseSeed: UInt64(step)).total.backward()
            optimiser.step()
        }
        let after = absRel()
        #expect(after < 0.5 * before, "AbsRel from \(before) (constant at the median) to \(after)")
    }

    @Test func aMotionStartedOffTheTruthReturnsToIt() {
        let triplet = RenderedTriplet(sourceFrames: [18])
        let trueSigma = Tensor(shape: [1, 1, 96, 128], values: triplet.depth.map(sigmoid(forDepth:)))
        let truth = triplet.motions[0].values
        let motion = Tensor(shape: [1, 6], values: truth.map { $0 + 0.01 }, requiresGradient: true)
        let before = rotationError(motion.values, truth)
        let optimiser = Adam(parameters: [("motion", motion)], learningRate: 1e-3)
        for step in 0..<100 {
            optimiser.zeroGradients()
            SelfSupervisedObjective().evaluate(target: triplet.target, sources: triplet.sources, sigmas: [trueSigma],
                                               motions: [motion], depthNet: net, intrinsics: triplet.camera,
                                               noiseSeed: UInt64(step)).total.backward()
            optimiser.step()
        }
        let after = rotationError(motion.values, truth)
        #expect(after < 0.3 * before, "rotation error from \(before)° to \(after)°")
    }
}
