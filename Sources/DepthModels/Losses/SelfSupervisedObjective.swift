import Geometry
import Tensors

/// Why a target pixel did or did not contribute to the photometric loss: the occlusion and
/// automasking evidence that the viewer shows.
public enum PixelEvidence: UInt8, Sendable {
    /// The best-matching warped source explained the pixel: used.
    case used = 0
    /// An unwarped source already matched better (static scene part, or camera barely moving):
    /// automasked (Monodepth2).
    case automasked = 1
    /// The pixel projects outside every source image (or behind its camera).
    case outOfView = 2
}

/// The Monodepth2 / PackNet-SfM self-supervised objective for one batch of frame triplets.
///
/// Photometric: per pixel, the minimum over the warped sources (t−g, t+g) of
/// ``photometricError(_:_:)`` — occlusion handling — and the unwarped sources' errors
/// (automasking); pixels projecting outside a source are excluded from that source's
/// candidates. The loss is the mean of that minimum over **all** pixels: an automasked pixel, or
/// one outside every source, contributes its unwarped error, a constant. (Averaging over the
/// used pixels only would reward depth that sends pixels outside the sources: depth at the
/// minimum, everything out of view, would score zero.) Computed at four scales, each inverse depth upsampled to full resolution before
/// warping. Plus edge-aware smoothness with weight `smoothnessWeight / 2^scale` and, when the
/// travelled distances are known, PackNet-SfM's velocity loss `|‖t_pred‖ − ‖t_true‖|`.
public struct SelfSupervisedObjective {
    /// Weight of the edge-aware smoothness term at scale 0 (halved per scale).
    public var smoothnessWeight: Float = 1e-3
    /// Weight of the velocity supervision term.
    public var velocityWeight: Float = 0.1
    /// Weight of the pose supervision term (used only when true motions are given).
    public var poseWeight: Float = 1
    /// The motion components the pose supervision term compares: all six, or `0..<3` for the
    /// rotation alone (the translation then learns from the photometric and velocity terms).
    public var supervisedMotionComponents: Range<Int> = 0..<6

    /// Default weights of the recipe.
    public init() {}

    /// The loss terms and per-pixel evidence of one evaluation.
    public struct Evaluation {
        /// Photometric + smoothness + velocity + pose: the tensor to back-propagate ([1]).
        public let total: Tensor
        /// Mean photometric loss over scales, smoothness (weighted sum), velocity and pose terms
        /// (unweighted; zero when not used).
        public let photometric: Float, smoothness: Float, velocity: Float, pose: Float
        /// Full-resolution evidence per target pixel at scale 0, [N·H·W] row-major per image.
        public let evidence: [PixelEvidence]
        /// The minimum reprojection error per pixel at scale 0 (what the viewer's error map
        /// shows), [N, 1, H, W], no gradient.
        public let minimumError: Tensor
    }

    /// Evaluates the objective.
    ///
    /// - Parameters:
    ///   - target: [N, 3, H, W] un-jittered target images.
    ///   - sources: the un-jittered source images, each [N, 3, H, W].
    ///   - sigmas: the depth network's sigmoids `[σ1, σ2, σ3, σ4]` for the target.
    ///   - motions: for each source, [N, 6] motion T_source←target from the pose network.
    ///   - depthNet: converts sigmoids to metres (its configured depth range).
    ///   - intrinsics: at H × W.
    ///   - travelledDistances: for each source, the known ‖t_true‖ per batch item, or `nil`.
    ///   - trueMotions: for each source, the exact motion [N, 6], or `nil`: adds the pose
    ///     supervision term `mean |motion − true motion|` (rendered rooms only).
    ///   - warpingMotions: for each source, the motion [N, 6] to warp with instead of `motions`
    ///     (the exact motions of rendered rooms, like a stereo rig's known baseline), or `nil`.
    ///   - noiseSeed: seeds the tiny noise that breaks ties between identical errors.
    public func evaluate(
        target: Tensor, sources: [Tensor], sigmas: [Tensor], motions: [Tensor],
        depthNet: DepthNet, intrinsics: Intrinsics, travelledDistances: [[Float]]? = nil, trueMotions: [Tensor]? = nil,
        warpingMotions: [Tensor]? = nil, noiseSeed: UInt64 = 0
    ) -> Evaluation {
        precondition(sources.count == motions.count && !sources.isEmpty, "objective: \(sources.count) sources vs \(motions.count) motions")
        let warpingMotions = warpingMotions ?? motions
        precondition(warpingMotions.count == motions.count, "objective: \(warpingMotions.count) warping motions vs \(motions.count) motions")
        let batch = target.shape[0], height = target.shape[2], width = target.shape[3]
        let synthesis = ViewSynthesis(intrinsics: intrinsics)
        let identityErrors = withoutGradients {
            sources.map { photometricError($0, target) + tieBreakingNoise(shape: [batch, 1, height, width], seed: noiseSeed) }
        }

        var photometricTerms: [Tensor] = []
        var smoothnessTerms: [Tensor] = []
        var evidence: [PixelEvidence] = []
        var minimumError = Tensor.zeros([batch, 1, height, width])
        for (scale, sigma) in sigmas.enumerated() {
            let fullSigma = scale == 0 ? sigma : sigma.resizedBilinear(height: height, width: width)
            let depth = depthNet.depth(fromSigmoid: fullSigma)
            let warps = zip(sources, warpingMotions).map { synthesis.warp(source: $0, depth: depth, motion: $1) }
            // A pixel outside a source gets a prohibitive error there, so the minimum avoids it.
            let candidates = warps.map { photometricError($0.image, target) + (1 - $0.valid) * Self.outsidePenalty }
            let (minimum, choice) = stackedMinimum(candidates + identityErrors)
            let pixelEvidence = Self.evidence(choice: choice, valid: warps.map(\.valid))
            photometricTerms.append(minimum.mean())

            let scaledTarget = scale == 0 ? target : target.resizedBilinear(height: sigma.shape[2], width: sigma.shape[3])
            let weight = smoothnessWeight / Float(1 << scale)
            smoothnessTerms.append(edgeAwareSmoothness(inverseDepth: sigma, image: scaledTarget) * weight)
            if scale == 0 {
                evidence = pixelEvidence
                minimumError = minimum.detached()
            }
        }
        let photometric = photometricTerms.dropFirst().reduce(photometricTerms[0], +) / Float(photometricTerms.count)
        let smoothness = smoothnessTerms.dropFirst().reduce(smoothnessTerms[0], +)
        let supervision = motionSupervision(motions: motions, travelledDistances: travelledDistances, trueMotions: trueMotions)
        let total = supervision.total.map { photometric + smoothness + $0 } ?? photometric + smoothness
        return Evaluation(total: total, photometric: photometric.scalar, smoothness: smoothness.scalar,
                          velocity: supervision.velocity, pose: supervision.pose, evidence: evidence, minimumError: minimumError)
    }

    /// The terms that supervise the motions directly: velocity (weighted by `velocityWeight`)
    /// when `travelledDistances` are known and pose (`mean |motion − true motion|` over
    /// ``supervisedMotionComponents``, weighted by `poseWeight`) when `trueMotions` are. Returns
    /// their weighted sum (`nil` when neither is given) and the unweighted values (zero when not
    /// used).
    public func motionSupervision(motions: [Tensor], travelledDistances: [[Float]]?, trueMotions: [Tensor]?)
        -> (total: Tensor?, velocity: Float, pose: Float) {
        var total: Tensor?
        var velocityValue: Float = 0
        if let distances = travelledDistances {
            let velocity = velocityLoss(motions: motions, travelledDistances: distances)
            velocityValue = velocity.scalar
            total = velocity * velocityWeight
        }
        var poseValue: Float = 0
        if let trueMotions {
            precondition(trueMotions.count == motions.count, "objective: \(trueMotions.count) true motions vs \(motions.count) motions")
            let components = supervisedMotionComponents
            let terms = zip(motions, trueMotions).map {
                ($0.sliced(axis: 1, range: components) - $1.sliced(axis: 1, range: components)).abs().mean()
            }
            let pose = terms.dropFirst().reduce(terms[0], +) / Float(terms.count)
            poseValue = pose.scalar
            total = total.map { $0 + pose * poseWeight } ?? pose * poseWeight
        }
        return (total, velocityValue, poseValue)
    }

    /// Added to the error of a pixel that projects outside a source: far above any real error.
    static let outsidePenalty: Float = 1e3

    /// `mean |‖t_pred‖ − ‖t_true‖|` over sources and batch items (PackNet-SfM's velocity loss).
    func velocityLoss(motions: [Tensor], travelledDistances: [[Float]]) -> Tensor {
        precondition(travelledDistances.count == motions.count, "velocity: \(travelledDistances.count) distance lists vs \(motions.count) motions")
        let terms = zip(motions, travelledDistances).map { motion, distances -> Tensor in
            let batch = motion.shape[0]
            precondition(distances.count == batch, "velocity: \(distances.count) distances vs batch \(batch)")
            let translation = motion.sliced(axis: 1, range: 3..<6)                                   // [N, 3]
            let norm = ((translation * translation).sum(axes: [1], keepingDimensions: false) + 1e-12).sqrt()  // [N]
            return (norm - Tensor(shape: [batch], values: distances)).abs().mean()
        }
        return terms.dropFirst().reduce(terms[0], +) / Float(terms.count)
    }

    /// Classifies each pixel from the index of its minimum (warped candidates first, then
    /// identity candidates) and whether it lands inside any source.
    static func evidence(choice: [Int32], valid: [Tensor]) -> [PixelEvidence] {
        let masks = valid.map(\.storage.pointer)
        return choice.indices.map { index in
            guard masks.contains(where: { $0[index] > 0 }) else { return .outOfView }
            return Int(choice[index]) < masks.count ? .used : .automasked
        }
    }

    /// Uniform noise in [0, 1e-5) (Monodepth2 adds it to the identity errors to break ties).
    private func tieBreakingNoise(shape: [Int], seed: UInt64) -> Tensor {
        var generator = SplitMix64(seed: seed)
        return Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in generator.nextFloat(in: 0...1e-5) })
    }
}
