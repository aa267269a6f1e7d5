import Foundation
import Geometry
import Imaging

/// The camera poses of a stream of frames as `reconstruct` estimates them: each frame's motion
/// from the pose network is sharpened by direct image alignment against the previous frames
/// (``PoseRefinement``), chained, and then refined together with the last few frames by
/// photometric bundle adjustment (``PhotometricBundleAdjustment``), starting from the aligned or
/// the network's motion, whichever the window agrees with. A frame's pose is final once it leaves
/// the bundle-adjustment window (at once without one).
///
/// An aligned step far longer than both the recent steps and the network's is taken for the
/// alignment locking onto a repeated pattern a period away (the kitchen walk's chequered
/// tablecloth under a bare wall gave 12-30 cm steps where the camera moved 3 cm): the frame is
/// aligned again at the finest pyramid level only, from the previous step, whose narrow basin
/// keeps it near that start (``implausibleStepFactor``).
public struct PoseTracker {
    /// A frame whose pose became final.
    public struct Settled: Sendable {
        /// Its camera-to-world pose.
        public let worldFromCamera: RigidTransform
        /// The factor that brings its depth map to the scale its window agreed on
        /// (``PhotometricBundleAdjustment/depthScale(frame:)``; 1 without bundle adjustment).
        public let depthScale: Double
    }

    /// The camera of the frames.
    public let intrinsics: Intrinsics
    /// Previous frames each new frame is aligned against (0: motions chained as given).
    public let alignmentWindow: Int
    /// What the alignment did, for `report.json`.
    public private(set) var alignmentSummary: RunSummary.PoseRefinement
    /// What the bundle adjustment did, for `report.json`.
    public private(set) var bundleSummary: RunSummary.BundleAdjustment
    /// An aligned step longer than this factor times the longer of the recent steps (their median)
    /// and the pose network's step, plus half a centimetre, is realigned locally.
    public var implausibleStepFactor = 2.5
    /// Wall-clock seconds spent aligning and bundle-adjusting.
    public private(set) var alignmentSeconds = 0.0, bundleAdjustmentSeconds = 0.0

    private var bundle: PhotometricBundleAdjustment?
    private var chain = PoseChain()
    private var recent: [(image: Image, worldFromCamera: RigidTransform)] = []
    private var unsettled: [RigidTransform] = []
    private var frameCount = 0

    /// A tracker aligning each frame against `alignmentWindow` previous frames (0: none) and
    /// bundle-adjusting the last `bundleWindow` frames (below 2: no bundle adjustment, which also
    /// needs alignment) with the departed frames at `bundleAnchors` held
    /// (``PhotometricBundleAdjustment/anchorDistances``).
    public init(intrinsics: Intrinsics, alignmentWindow: Int, bundleWindow: Int, bundleAnchors: [Int] = []) {
        self.intrinsics = intrinsics
        self.alignmentWindow = max(0, alignmentWindow)
        alignmentSummary = RunSummary.PoseRefinement(window: max(1, alignmentWindow))
        bundleSummary = RunSummary.BundleAdjustment(window: bundleWindow, anchors: bundleAnchors)
        if bundleWindow >= 2 && alignmentWindow >= 1 {
            bundle = PhotometricBundleAdjustment(intrinsics: intrinsics)
            bundle!.windowSize = bundleWindow
            bundle!.anchorDistances = bundleAnchors
        }
    }

    /// The current poses of the frames that are not final yet, oldest first (the newest last).
    public var unsettledPoses: [RigidTransform] { unsettled }

    /// Adds the next frame (at the intrinsics' size) with its depth in metres and the pose
    /// network's T_previous←current (ignored for the first frame); returns the frames whose poses
    /// became final, oldest first.
    public mutating func add(image: Image, depth: DepthMap, networkMotion: RigidTransform) -> [Settled] {
        let first = frameCount == 0
        frameCount += 1
        var previousFromCurrent = networkMotion
        if alignmentWindow > 0, !recent.isEmpty {
            let started = Date()
            let sources = PoseRefinement.Source.window(recent)
            let refinement = PoseRefinement().refine(target: image, depth: depth, sources: sources,
                                                     intrinsics: intrinsics, initial: networkMotion)
            previousFromCurrent = refinement.motion
            alignmentSummary.record(refinement)
            if let limit = longestPlausibleStep(networkMotion: networkMotion), length(previousFromCurrent.translation) > limit {
                previousFromCurrent = realignedLocally(target: image, depth: depth, sources: sources, longestStep: limit)
                alignmentSummary.implausibleSteps += 1
            }
            alignmentSeconds += Date().timeIntervalSince(started)
        }
        let previous = chain.worldFromCamera
        let worldFromCamera = first ? previous : chain.append(previousFromCurrent: previousFromCurrent)
        if alignmentWindow > 0 {
            recent.append((image, worldFromCamera))
            if recent.count > alignmentWindow { recent.removeFirst() }
        }
        guard bundle != nil else { return [Settled(worldFromCamera: worldFromCamera, depthScale: 1)] }
        let started = Date()
        // The pose network's own motion competes with the aligned one as the start.
        if bundle!.append(image: image, depth: depth, candidates: [worldFromCamera, previous * networkMotion]) == 1 {
            bundleSummary.networkStarts += 1
        }
        bundleSummary.record(bundle!.optimize(), points: bundle!.pointCounts.last!)
        bundleAdjustmentSeconds += Date().timeIntervalSince(started)
        // The window's refined poses replace the chained ones; the chain goes on from the newest.
        unsettled = bundle!.worldFromCameras
        for (offset, pose) in unsettled.reversed().enumerated() where offset < recent.count {
            recent[recent.count - 1 - offset].worldFromCamera = pose
        }
        chain = PoseChain(start: unsettled.last!)
        // The oldest frame is the gauge of the next adjustment: its pose is final.
        return bundle!.count == bundle!.windowSize ? [settleOldest()] : []
    }

    /// Makes every remaining pose final (the end of the stream); returns them, oldest first.
    public mutating func finish() -> [Settled] {
        var settled: [Settled] = []
        while (bundle?.count ?? 0) > 0 { settled.append(settleOldest()) }
        return settled
    }

    /// The longest step the newest frame's alignment may return, or nil before three frames
    /// are aligned (too few recent steps to compare with).
    private func longestPlausibleStep(networkMotion: RigidTransform) -> Double? {
        guard recent.count >= 3 else { return nil }
        return Self.longestPlausibleStep(recentCentres: recent.map(\.worldFromCamera.translation),
                                         networkStep: length(networkMotion.translation), factor: implausibleStepFactor)
    }

    /// `factor` times the longer of the median distance between consecutive `recentCentres` and
    /// `networkStep`, plus half a centimetre (for a camera at rest).
    static func longestPlausibleStep(recentCentres: [SIMD3<Double>], networkStep: Double, factor: Double) -> Double {
        let steps = zip(recentCentres, recentCentres.dropFirst()).map { length($1 - $0) }.sorted()
        let typical = steps.isEmpty ? 0 : steps[steps.count / 2]
        return factor * max(typical, networkStep) + 0.005
    }

    /// The newest frame's T_previous←current after an implausible alignment: aligned again from
    /// the previous step (constant velocity) at the finest pyramid level only, or that previous
    /// step itself when the new alignment is longer than `longestStep` too.
    private func realignedLocally(target: Image, depth: DepthMap, sources: [PoseRefinement.Source],
                                  longestStep: Double) -> RigidTransform {
        let previousStep = recent[recent.count - 2].worldFromCamera.inverse * recent[recent.count - 1].worldFromCamera
        var finestLevelOnly = PoseRefinement()
        finestLevelOnly.levels = 1
        let local = finestLevelOnly.refine(target: target, depth: depth, sources: sources, intrinsics: intrinsics,
                                           initial: previousStep).motion
        return length(local.translation) <= longestStep ? local : previousStep
    }

    private mutating func settleOldest() -> Settled {
        let settled = Settled(worldFromCamera: unsettled.removeFirst(), depthScale: bundle!.depthScale(frame: 0))
        bundle!.removeOldest()
        return settled
    }
}
