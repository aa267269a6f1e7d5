import Foundation
import Geometry
import Imaging
import PhotometricKernels
import PhotometricKernelsAVX2
import Sequences
import Tensors
import Testing
@testable import Reconstruction

@Suite struct PoseRefinementTests {
    /// Two frames of a random room walk rendered at `width`x`height`, with the target's depth
    /// and the true T_source←target.
    struct RenderedPair {
        let camera: Intrinsics
        let target: Image, source: Image, depth: DepthMap
        let truth: RigidTransform

        init(width: Int = 256, height: Int = 192, targetFrame: Int = 20, sourceFrame: Int = 23) {
            camera = Intrinsics.phone(width: width, height: height)
            let scene = RoomGenerator(seed: 5).room(2)
            let renderer = SceneRenderer(scene: scene, intrinsics: camera, supersampling: 2)
            let poses = scene.cameraPoses(frameCount: 30, fps: 10).map(\.worldFromCamera)
            let rendered = renderer.render(worldFromCamera: poses[targetFrame])
            target = rendered.image
            depth = rendered.depth
            source = renderer.render(worldFromCamera: poses[sourceFrame]).image
            truth = poses[sourceFrame].inverse * poses[targetFrame]
        }
    }

    func rotationDegrees(_ a: RigidTransform, _ b: RigidTransform) -> Double {
        length((a.rotation * b.rotation.transposed).axisAngle) * 180 / .pi
    }

    /// A motion 2.3° and 6 cm off the truth (several pixels at 256x192) comes back to within a
    /// fraction of a degree and a centimetre.
    @Test func aPerturbedMotionReturnsToTheTruth() {
        let pair = RenderedPair()
        let perturbation = RigidTransform(rotation: Matrix3.rotation(axisAngle: [0.02, -0.03, 0.01]), translation: [0.04, -0.02, 0.04])
        let start = perturbation * pair.truth
        #expect(rotationDegrees(start, pair.truth) > 2)
        let result = PoseRefinement().refine(target: pair.target, depth: pair.depth, source: pair.source,
                                             intrinsics: pair.camera, initial: start)
        #expect(result.accepted)
        #expect(result.finalCost < 0.5 * result.initialCost)
        #expect(rotationDegrees(result.motion, pair.truth) < 0.3, "\(rotationDegrees(result.motion, pair.truth))°")
        #expect(length(result.motion.translation - pair.truth.translation) < 0.01,
                "\(length(result.motion.translation - pair.truth.translation)) m")
    }

    /// Depth at the wrong scale still aligns the images: the translation takes the depth's scale.
    @Test func translationFollowsTheDepthsScale() {
        let pair = RenderedPair()
        let halfDepth = DepthMap(width: pair.depth.width, height: pair.depth.height, depths: pair.depth.depths.map { $0 / 2 })
        let start = RigidTransform(rotation: pair.truth.rotation, translation: pair.truth.translation / 2 + [0.01, 0, -0.01])
        let result = PoseRefinement().refine(target: pair.target, depth: halfDepth, source: pair.source,
                                             intrinsics: pair.camera, initial: start)
        #expect(length(result.motion.translation - pair.truth.translation / 2) < 0.006)
    }

    /// When the start is already the truth the refinement keeps it (or moves it negligibly), and
    /// a refinement that cannot help (a blank source) returns the initial motion.
    @Test func keepsGoodMotionsAndRejectsUselessRefinements() {
        let pair = RenderedPair()
        let kept = PoseRefinement().refine(target: pair.target, depth: pair.depth, source: pair.source,
                                           intrinsics: pair.camera, initial: pair.truth)
        #expect(rotationDegrees(kept.motion, pair.truth) < 0.1)
        let blank = Image(width: pair.source.width, height: pair.source.height, channels: 3, repeating: 0.5)
        let start = RigidTransform(translation: [0.05, 0, 0])
        let rejected = PoseRefinement().refine(target: pair.target, depth: pair.depth, source: blank,
                                               intrinsics: pair.camera, initial: start)
        #expect(!rejected.accepted && rejected.motion == start)
    }

    /// Aligned against the previous frame and the one before it (whose pose relative to the
    /// previous is known), a perturbed motion also returns to the truth.
    @Test func aPerturbedMotionReturnsToTheTruthAgainstTwoSources() {
        let near = RenderedPair(targetFrame: 26, sourceFrame: 23), far = RenderedPair(targetFrame: 26, sourceFrame: 20)
        let farFromNear = far.truth * near.truth.inverse
        let perturbation = RigidTransform(rotation: Matrix3.rotation(axisAngle: [-0.02, 0.03, 0.01]), translation: [0.03, 0.02, -0.04])
        let sources = [PoseRefinement.Source(image: near.source), PoseRefinement.Source(image: far.source, fromReference: farFromNear)]
        let result = PoseRefinement().refine(target: near.target, depth: near.depth, sources: sources,
                                             intrinsics: near.camera, initial: perturbation * near.truth)
        #expect(result.accepted)
        #expect(rotationDegrees(result.motion, near.truth) < 0.2, "\(rotationDegrees(result.motion, near.truth))°")
        #expect(length(result.motion.translation - near.truth.translation) < 0.006,
                "\(length(result.motion.translation - near.truth.translation)) m")
    }

    /// The normal equations' gradient of a level with two sources points along the central
    /// differences of its cost (the image gradients are central differences, not the bilinear
    /// interpolant's derivative, so the match is close but not exact).
    @Test func twoSourceGradientMatchesCentralDifferences() {
        let near = RenderedPair(targetFrame: 26, sourceFrame: 23), far = RenderedPair(targetFrame: 26, sourceFrame: 20)
        let farFromNear = far.truth * near.truth.inverse
        let level = PoseRefinement.pyramid(target: near.target.gray(), depth: near.depth,
                                           sources: [.init(image: near.source), .init(image: far.source, fromReference: farFromNear)],
                                           intrinsics: near.camera, levels: 1, allSourceLevels: 1, finestWidth: 128)[0]
        let motion = RigidTransform(rotation: Matrix3.rotation(axisAngle: [0.004, -0.003, 0.002]), translation: [0.01, -0.005, 0.01]) * near.truth
        let k: Float = 0.04
        let analytic = level.normalEquations(motion, huberThreshold: k).gradient
        let h = 1e-5
        let numeric = (0..<6).map { i -> Double in
            var step = [Double](repeating: 0, count: 6)
            step[i] = h
            func moved(_ sign: Double) -> RigidTransform {
                RigidTransform(rotation: Matrix3.rotation(axisAngle: [sign * step[3], sign * step[4], sign * step[5]]),
                               translation: [sign * step[0], sign * step[1], sign * step[2]]) * motion
            }
            let costs = level.costs([moved(1), moved(-1)], huberThreshold: k)
            return (costs[0] - costs[1]) / (2 * h)
        }
        let dot = zip(analytic, numeric).map { $0 * $1 }.reduce(0, +)
        let cosine = dot / (sqrt(analytic.map { $0 * $0 }.reduce(0, +)) * sqrt(numeric.map { $0 * $0 }.reduce(0, +)))
        #expect(cosine > 0.95, "analytic \(analytic), numeric \(numeric)")
    }

    /// Direct alignment's sums compiled for AVX2 are the baseline code's bit for bit: the costs
    /// of two motions and the normal equations of one, against a source 3 frames away.
    @Test(.enabled(if: CPUFeatures.hasAVX2AndFMA, "needs a CPU with AVX2 and FMA"))
    func avx2AlignmentSumsAreTheBaselinesBitForBit() {
        let pair = RenderedPair()
        let level = PoseRefinement.pyramid(target: pair.target.gray(), depth: pair.depth, sources: [.init(image: pair.source)],
                                           intrinsics: pair.camera, levels: 1, allSourceLevels: 1, finestWidth: 256)[0]
        let motion = RigidTransform(rotation: Matrix3.rotation(axisAngle: [0.004, -0.003, 0.002]), translation: [0.01, -0.005, 0.01]) * pair.truth
        let points = level.points, image = level.sources[0].image, range = 0..<points.count
        let inReference = points.map { motion.apply($0) }
        let sums = [PhotometricKernelSet.baseline, AVX2PhotometricKernels.kernels].map { kernels in
            kernels.alignmentCosts(points, level.brightness, range, image, [motion, pair.truth], pair.camera, 0.04)
                + kernels.alignmentNormalEquations(points, inReference, level.brightness, range, image, motion,
                                                   motion.rotation.transposed, pair.camera, 0.04)
        }
        #expect(sums[0][2] > 500 && sums[0].last! > 500, "\(points.count) points, seen: \(sums[0][2]), \(sums[0].last!)")
        #expect(sums[0].map(\.bitPattern) == sums[1].map(\.bitPattern), "baseline \(sums[0]) vs AVX2 \(sums[1])")
    }

    @Test func choleskySolvesASymmetricSystemAndRejectsAnIndefiniteOne() throws {
        let m: [Double] = (0..<36).map { Double(($0 * 7) % 11) - 5 }
        // a = mᵀm + I is symmetric positive definite
        let a = (0..<36).map { index -> Double in
            let i = index / 6, j = index % 6
            return (0..<6).map { m[$0 * 6 + i] * m[$0 * 6 + j] }.reduce(0, +) + (i == j ? 1 : 0)
        }
        let x: [Double] = [1, -2, 0.5, 3, -1, 2]
        let b = (0..<6).map { i in (0..<6).map { a[i * 6 + $0] * x[$0] }.reduce(0, +) }
        let solved = try #require(solveSymmetricPositiveDefinite(a, b))
        #expect(zip(solved, x).allSatisfy { abs($0 - $1) < 1e-8 })
        var indefinite = a
        indefinite[0] = -1
        #expect(solveSymmetricPositiveDefinite(indefinite, b) == nil)
    }
}
