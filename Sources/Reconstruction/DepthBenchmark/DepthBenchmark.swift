import Foundation
import DepthModels
import Geometry
import Imaging
import Sequences
import Tensors

/// The depth and pose accuracy of a model on one rendered scene.
public struct SceneDepthResult: Codable, Equatable, Sendable {
    /// The scene's name (or "mean").
    public var scene: String
    /// Frames evaluated.
    public var frameCount: Int
    /// Depth errors with each frame's prediction scaled by median(ground truth) / median(prediction).
    public var medianScaled: DepthErrors
    /// Depth errors of the prediction as it is (metric scale from velocity supervision).
    public var unscaled: DepthErrors
    /// Depth errors of a constant depth map, median-scaled per frame (each frame predicted as the
    /// median of its ground truth): what a model that knows nothing about the image achieves.
    public var constantBaseline: DepthErrors
    /// ATE after Sim(3) alignment of each snippet of chained frame-to-frame motions.
    public var snippets: [TrajectoryEvaluation]
    /// Mean ATE RMSE over the snippets, metres.
    public var ateRMSE: Double
    /// Mean over the snippets of ATE RMSE as a percentage of the snippet's path length.
    public var atePercentOfPath: Double
    /// Mean ATE % of path when the chained motions take their rotations from the pose network and
    /// their translations from the ground truth, and the reverse: which half of the network's
    /// motions its ATE comes from.
    public var networkRotationAtePercentOfPath: Double, networkTranslationAtePercentOfPath: Double
    /// The median angle (degrees) between the network's translation and the true one, frame pair
    /// by frame pair: whether the network reads which way the camera moved. The ATE can hide a
    /// network that always answers "forward": with the right rotations, one constant direction
    /// chains into a path that Sim(3) turns onto the truth when the walk keeps its heading.
    public var networkTranslationDirectionErrorDegrees: Double
    /// The same snippets with the poses `reconstruct` estimates (``PoseTracker``: each motion
    /// sharpened by ``PoseRefinement`` against the predicted depth, then bundle-adjusted), their
    /// mean ATE RMSE and mean ATE % of path.
    public var refinedSnippets: [TrajectoryEvaluation]
    public var refinedAteRMSE: Double, refinedAtePercentOfPath: Double
    /// Milliseconds per frame for depth: network input, depth network, upsampling.
    public var depthMilliseconds: Double
    /// Milliseconds per frame for the image-guided refinement (0 without refinement).
    public var refinementMilliseconds: Double
    /// Milliseconds per frame pair for the pose network, and for the pose refinement (alignment
    /// and bundle adjustment).
    public var poseMilliseconds: Double, poseRefinementMilliseconds: Double
}

/// Evaluates a depth and pose model on scenes rendered in memory (the evaluation scenes of
/// Scenes/, never trained on): depth against the renderer's exact depth (``DepthMetrics``, ground
/// truth in 0.1–10 m) and the chained camera path against the exact poses (``TrajectoryMetrics``).
public struct DepthBenchmark {
    /// The model.
    public var predictor: DepthPredictor
    /// Image-guided refinement applied to each depth map.
    public var refinement: DepthRefinementOption
    /// Frames rendered per scene.
    public var frameCount: Int
    /// Rendered image size (depth is predicted at the network's size and upsampled to it).
    public var width: Int, height: Int
    /// Frames per second of the walk (nil: each scene's own).
    public var framesPerSecond: Double?
    /// Frames per trajectory snippet; each snippet is chained and aligned on its own.
    public var snippetLength: Int
    /// Previous frames each frame is aligned against for the aligned trajectory (as
    /// ``ReconstructionSettings/poseRefinementWindow``).
    public var alignmentWindow = ReconstructionSettings().poseRefinementWindow
    /// Frames bundle-adjusted together for the aligned trajectory (as
    /// ``ReconstructionSettings/bundleAdjustmentWindow``; below 2: none).
    public var bundleWindow = ReconstructionSettings().bundleAdjustmentWindow
    /// Departed frames held in the bundle adjustment (as ``ReconstructionSettings/bundleAdjustmentAnchors``).
    public var bundleAnchors = ReconstructionSettings().bundleAdjustmentAnchors

    /// A benchmark of `predictor` on `frameCount` frames of `width` × `height`.
    public init(predictor: DepthPredictor, refinement: DepthRefinementOption = .none, frameCount: Int = 100,
                width: Int, height: Int, framesPerSecond: Double? = nil, snippetLength: Int = 100) {
        precondition(frameCount >= 2 && width > 0 && height > 0 && snippetLength >= 3,
                     "DepthBenchmark: \(frameCount) frames of \(width)x\(height), snippets of \(snippetLength) (need ≥ 2 frames, ≥ 3 per snippet)")
        self.predictor = predictor; self.refinement = refinement; self.frameCount = frameCount
        self.width = width; self.height = height; self.framesPerSecond = framesPerSecond; self.snippetLength = snippetLength
    }

    /// Renders `scene`, predicts depth and motion for every frame and compares them with the
    /// ground truth. `progress` gets the number of frames done, first while rendering
    /// (0 ... frameCount), then while predicting (frameCount ... 2 · frameCount).
    public func evaluate(_ scene: Scene, progress: (Int) -> Void = { _ in }) -> SceneDepthResult {
        let renderer = SceneRenderer(scene: scene, intrinsics: .phone(width: width, height: height))
        var frames: [RenderedFrame] = []
        for pose in scene.cameraPoses(frameCount: frameCount, fps: framesPerSecond) {
            frames.append(renderer.render(pose))
            progress(frames.count)
        }
        let clock = ContinuousClock()
        var depthTime = Duration.zero, refinementTime = Duration.zero, poseTime = Duration.zero
        func timed<T>(_ total: inout Duration, _ work: () -> T) -> T {
            let start = clock.now
            let value = work()
            total += clock.now - start
            return value
        }
        var predicted: [DepthMap] = [], motions: [RigidTransform] = []
        // the poses reconstruct estimates: aligned, then bundle-adjusted
        var tracker = PoseTracker(intrinsics: renderer.intrinsics, alignmentWindow: alignmentWindow, bundleWindow: bundleWindow,
                                  bundleAnchors: bundleAnchors)
        var trackedPoses: [RigidTransform] = []
        var previousInput: Tensor?
        for frame in frames {
            let input = timed(&depthTime) { predictor.networkInput([frame.image]) }   // [1, 3, h, w]
            let network = timed(&depthTime) { predictor.depth(input).depthMap(at: 0).upsampledInInverseDepth(width: width, height: height) }
            predicted.append(timed(&refinementTime) { refinement.refine(network, guide: frame.image) })
            var motion = RigidTransform.identity
            if let previousInput {
                motion = timed(&poseTime) { predictor.motion(target: input, source: previousInput) }
                motions.append(motion)
            }
            trackedPoses += tracker.add(image: frame.image, depth: predicted.last!, networkMotion: motion).map(\.worldFromCamera)
            previousInput = input
            progress(frameCount + predicted.count)
        }
        trackedPoses += tracker.finish().map(\.worldFromCamera)
        let refinedMotions = (1..<trackedPoses.count).map { trackedPoses[$0 - 1].inverse * trackedPoses[$0] }
        let truth = frames.map(\.depth)
        let constant = truth.map { DepthMap(width: $0.width, height: $0.height, depths: Array(repeating: 1, count: $0.depths.count)) }
        let truePoses = frames.map(\.worldFromCamera)
        let snippets = Self.snippetErrors(motions: motions, groundTruth: truePoses, snippetLength: snippetLength)
        let trueMotions = zip(truePoses, truePoses.dropFirst()).map { $0.inverse * $1 }
        func mixedAte(rotations: [RigidTransform], translations: [RigidTransform]) -> Double {
            let mixed = Self.motions(rotationsOf: rotations, translationsOf: translations)
            return Self.mean(Self.snippetErrors(motions: mixed, groundTruth: truePoses, snippetLength: snippetLength).map(\.atePercentOfPath))
        }
        let refinedSnippets = Self.snippetErrors(motions: refinedMotions, groundTruth: truePoses, snippetLength: snippetLength)
        func milliseconds(_ duration: Duration, _ count: Int) -> Double {
            (Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18) * 1000 / Double(max(count, 1))
        }
        return SceneDepthResult(
            scene: scene.name, frameCount: frameCount,
            medianScaled: DepthMetrics.evaluate(predicted: predicted, groundTruth: truth, scaling: .perFrameMedian).mean,
            unscaled: DepthMetrics.evaluate(predicted: predicted, groundTruth: truth, scaling: .none).mean,
            constantBaseline: DepthMetrics.evaluate(predicted: constant, groundTruth: truth, scaling: .perFrameMedian).mean,
            snippets: snippets, ateRMSE: Self.mean(snippets.map(\.ateRMSE)), atePercentOfPath: Self.mean(snippets.map(\.atePercentOfPath)),
            networkRotationAtePercentOfPath: mixedAte(rotations: motions, translations: trueMotions),
            networkTranslationAtePercentOfPath: mixedAte(rotations: trueMotions, translations: motions),
            networkTranslationDirectionErrorDegrees: Self.medianDirectionErrorDegrees(motions, trueMotions),
            refinedSnippets: refinedSnippets, refinedAteRMSE: Self.mean(refinedSnippets.map(\.ateRMSE)),
            refinedAtePercentOfPath: Self.mean(refinedSnippets.map(\.atePercentOfPath)),
            depthMilliseconds: milliseconds(depthTime, frames.count), refinementMilliseconds: milliseconds(refinementTime, frames.count),
            poseMilliseconds: milliseconds(poseTime, motions.count), poseRefinementMilliseconds: (tracker.alignmentSeconds + tracker.bundleAdjustmentSeconds) * 1000 / Double(max(motions.count, 1)))
    }

    /// ATE after Sim(3) alignment of consecutive, non-overlapping snippets of `snippetLength`
    /// frames (a shorter last snippet counts when it has at least 3 frames): each snippet's
    /// motions (`motions[i]` = T_frame i←frame i+1) are chained from the identity with
    /// ``TrajectoryChaining`` and aligned to the ground-truth camera-to-world poses of its frames.
    public static func snippetErrors(motions: [RigidTransform], groundTruth: [RigidTransform],
                                     snippetLength: Int) -> [TrajectoryEvaluation] {
        precondition(motions.count + 1 == groundTruth.count,
                     "DepthBenchmark.snippetErrors: \(motions.count) motions vs \(groundTruth.count) ground-truth poses")
        return stride(from: 0, to: groundTruth.count, by: snippetLength).compactMap { start in
            let end = min(start + snippetLength, groundTruth.count)
            guard end - start >= 3 else { return nil }
            let chained = TrajectoryChaining.worldFromCamera(motions: Array(motions[start..<(end - 1)]))
            return TrajectoryMetrics.evaluate(estimated: chained, groundTruth: Array(groundTruth[start..<end]), alignment: .similarity)
        }
    }

    /// Motions taking each rotation from `rotations` and each translation from `translations`
    /// (element by element).
    public static func motions(rotationsOf rotations: [RigidTransform], translationsOf translations: [RigidTransform]) -> [RigidTransform] {
        precondition(rotations.count == translations.count,
                     "DepthBenchmark.motions: \(rotations.count) rotations vs \(translations.count) translations")
        return zip(rotations, translations).map { RigidTransform(rotation: $0.rotation, translation: $1.translation) }
    }

    /// The median over the motion pairs whose true translation is at least 1 mm of the angle
    /// (degrees) between `motions[i]`'s translation and `groundTruth[i]`'s; 0 when there are none.
    public static func medianDirectionErrorDegrees(_ motions: [RigidTransform], _ groundTruth: [RigidTransform]) -> Double {
        precondition(motions.count == groundTruth.count,
                     "DepthBenchmark.medianDirectionErrorDegrees: \(motions.count) motions vs \(groundTruth.count) true ones")
        let angles = zip(motions, groundTruth).compactMap { (predicted, truth) -> Double? in
            let a = predicted.translation, b = truth.translation
            guard length(b) >= 1e-3, length(a) > 0 else { return nil }
            return acos(min(1, max(-1, dot(a, b) / (length(a) * length(b))))) * 180 / .pi
        }
        return angles.isEmpty ? 0 : DepthMetrics.median(angles)
    }

    static func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
}
