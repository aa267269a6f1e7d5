import Geometry

/// The part of `report.json` that describes a `reconstruct` run: where depth and poses came from,
/// which frames were used, and whether the run finished.
public struct RunSummary: Codable, Equatable, Sendable {
    /// Test-time adaptation: the mean minimum photometric error of the same frame triplets
    /// before and after fine-tuning on the input.
    public struct Adaptation: Codable, Equatable, Sendable {
        /// Optimisation steps done.
        public var steps: Int
        /// Mean photometric error before fine-tuning.
        public var photometricBefore: Double
        /// Mean photometric error after fine-tuning.
        public var photometricAfter: Double
        /// Wall-clock seconds of fine-tuning.
        public var seconds: Double

        /// A summary from its parts.
        public init(steps: Int, photometricBefore: Double, photometricAfter: Double, seconds: Double) {
            self.steps = steps; self.photometricBefore = photometricBefore
            self.photometricAfter = photometricAfter; self.seconds = seconds
        }
    }

    /// Direct-alignment refinement of the network's motions (``PoseRefinement``).
    public struct PoseRefinement: Codable, Equatable, Sendable {
        /// Previous frames each frame was aligned against at once (at most).
        public var window = 1
        /// Frame pairs refined, and those whose refined motion was kept.
        public var pairs = 0, accepted = 0
        /// Mean robust photometric cost of the pairs before and after.
        public var meanCostBefore = 0.0, meanCostAfter = 0.0
        /// Frames whose aligned step was implausibly long and was realigned locally
        /// (``PoseTracker/implausibleStepFactor``).
        public var implausibleSteps = 0

        /// No pairs yet, for alignment against `window` previous frames.
        public init(window: Int = 1) { self.window = window }

        /// Decodes a summary; reports written before `window` existed aligned against one frame,
        /// and those written before `implausibleSteps` existed realigned none.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            window = try container.decodeIfPresent(Int.self, forKey: .window) ?? 1
            pairs = try container.decode(Int.self, forKey: .pairs)
            accepted = try container.decode(Int.self, forKey: .accepted)
            meanCostBefore = try container.decode(Double.self, forKey: .meanCostBefore)
            meanCostAfter = try container.decode(Double.self, forKey: .meanCostAfter)
            implausibleSteps = try container.decodeIfPresent(Int.self, forKey: .implausibleSteps) ?? 0
        }

        /// Adds one pair's outcome.
        mutating func record(_ result: Reconstruction.PoseRefinement.Result) {
            meanCostBefore = (meanCostBefore * Double(pairs) + result.initialCost) / Double(pairs + 1)
            meanCostAfter = (meanCostAfter * Double(pairs) + result.finalCost) / Double(pairs + 1)
            pairs += 1
            if result.accepted { accepted += 1 }
        }
    }

    /// Sliding-window photometric bundle adjustment (``PhotometricBundleAdjustment``).
    public struct BundleAdjustment: Codable, Equatable, Sendable {
        /// Frames adjusted together.
        public var window: Int
        /// Departed frames held in every adjustment, as distances before the window's oldest
        /// (``PhotometricBundleAdjustment/anchorDistances``).
        public var anchors: [Int]
        /// Adjustments run (one per selected frame after the first) and Levenberg-Marquardt steps accepted.
        public var frames = 0, acceptedSteps = 0
        /// Frames whose adjustment started from the pose network's motion rather than the
        /// aligned one (it explained the window's brightness better).
        public var networkStarts = 0
        /// Mean points a frame hosted.
        public var meanPoints = 0.0
        /// Mean robust cost of the window before and after an adjustment.
        public var meanCostBefore = 0.0, meanCostAfter = 0.0

        /// No adjustments yet, for a window of `window` frames with `anchors`.
        public init(window: Int, anchors: [Int] = []) {
            self.window = window
            self.anchors = anchors
        }

        /// Decodes a summary; reports written before anchors existed held none.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            window = try container.decode(Int.self, forKey: .window)
            anchors = try container.decodeIfPresent([Int].self, forKey: .anchors) ?? []
            frames = try container.decode(Int.self, forKey: .frames)
            acceptedSteps = try container.decode(Int.self, forKey: .acceptedSteps)
            networkStarts = try container.decode(Int.self, forKey: .networkStarts)
            meanPoints = try container.decode(Double.self, forKey: .meanPoints)
            meanCostBefore = try container.decode(Double.self, forKey: .meanCostBefore)
            meanCostAfter = try container.decode(Double.self, forKey: .meanCostAfter)
        }

        /// Adds one adjustment's outcome; `points` is what the newest frame hosts.
        mutating func record(_ result: PhotometricBundleAdjustment.Result, points: Int) {
            let n = Double(frames)
            meanPoints = (meanPoints * n + Double(points)) / (n + 1)
            meanCostBefore = (meanCostBefore * n + result.initialCost) / (n + 1)
            meanCostAfter = (meanCostAfter * n + result.finalCost) / (n + 1)
            frames += 1
            acceptedSteps += result.acceptedSteps
        }
    }

    /// Plane-sweep stereo refinement of the depth maps (``PlaneSweepStereo``).
    public struct Stereo: Codable, Equatable, Sendable {
        /// Depth hypotheses per pixel.
        public var hypotheses: Int
        /// Frames refined, and the source frames they were matched against, in all.
        public var frames = 0, sources = 0
        /// Pixels whose depth the sweep replaced, and the pixels with depth it looked at, in all.
        public var matchedPixels = 0, pixelsWithDepth = 0
        /// Unmatched pixels that took the corrections of matched pixels around them, in all.
        public var spreadPixels = 0
        /// Mean winning cost (1 − ZNCC) over the frames.
        public var meanCost = 0.0

        /// No frames yet, for a sweep of `hypotheses` depths.
        public init(hypotheses: Int) { self.hypotheses = hypotheses }

        /// Decodes a summary; reports written before `spreadPixels` existed spread nothing.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            hypotheses = try container.decode(Int.self, forKey: .hypotheses)
            frames = try container.decode(Int.self, forKey: .frames)
            sources = try container.decode(Int.self, forKey: .sources)
            matchedPixels = try container.decode(Int.self, forKey: .matchedPixels)
            pixelsWithDepth = try container.decode(Int.self, forKey: .pixelsWithDepth)
            spreadPixels = try container.decodeIfPresent(Int.self, forKey: .spreadPixels) ?? 0
            meanCost = try container.decode(Double.self, forKey: .meanCost)
        }

        /// Adds one frame's outcome.
        mutating func record(_ result: PlaneSweepStereo.Result, sources: Int, pixelsWithDepth: Int) {
            meanCost = (meanCost * Double(frames) + result.meanCost) / Double(frames + 1)
            frames += 1
            self.sources += sources
            matchedPixels += result.matchedPixels
            spreadPixels += result.spreadPixels
            self.pixelsWithDepth += pixelsWithDepth
        }
    }

    /// "network" or "ground truth".
    public var depthSource: String
    /// The frame selection, in words.
    public var frameSelection: String
    /// The factor applied to depths and translations.
    public var scale: Double
    /// The colour range of `error/*.png` (turbo map; out-of-view pixels white).
    public var errorMapRange: [Float]
    /// The input's intrinsics, before rescaling to the output resolution.
    public var inputIntrinsics: Intrinsics
    /// The networks' input size `[width, height]`; `nil` for ground truth.
    public var networkResolution: [Int]?
    /// The image-guided depth refinement (`guided`, `bilateral`); `nil` when none.
    public var refinement: String?
    /// The factor applied to the network's depth so that it agrees with the pose network
    /// (`DepthScaleCalibration`); `nil` when not calibrated.
    public var depthScale: Double?
    /// Pose refinement results, when motions were refined.
    public var poseRefinement: PoseRefinement?
    /// Bundle adjustment results, when poses were bundle-adjusted.
    public var bundleAdjustment: BundleAdjustment?
    /// Stereo results, when depth maps were refined by plane-sweep stereo.
    public var stereo: Stereo?
    /// Adaptation results, when `--adapt` was given.
    public var adaptation: Adaptation?
    /// `true` when Ctrl-C stopped the run: the folder holds the frames done until then.
    public var interrupted: Bool

    /// A summary from its parts.
    public init(depthSource: String, frameSelection: String, scale: Double, errorMapRange: [Float],
                inputIntrinsics: Intrinsics, networkResolution: [Int]? = nil, refinement: String? = nil,
                depthScale: Double? = nil, poseRefinement: PoseRefinement? = nil, bundleAdjustment: BundleAdjustment? = nil,
                stereo: Stereo? = nil, adaptation: Adaptation?, interrupted: Bool) {
        self.depthSource = depthSource; self.frameSelection = frameSelection; self.scale = scale
        self.errorMapRange = errorMapRange; self.inputIntrinsics = inputIntrinsics
        self.networkResolution = networkResolution; self.refinement = refinement; self.depthScale = depthScale
        self.poseRefinement = poseRefinement; self.bundleAdjustment = bundleAdjustment; self.stereo = stereo
        self.adaptation = adaptation; self.interrupted = interrupted
    }
}
