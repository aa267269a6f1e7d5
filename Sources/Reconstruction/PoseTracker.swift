import Foundation
import Geometry
import Imaging

/// The camera poses of a stream of frames as `reconstruct` estimates them: each frame's motion
/// from the pose network is sharpened by direct image alignment against the previous frames
/// (``PoseRefinement``), chained, and then refined together with the last few frames by
/// photometric bundle adjustment (``PhotometricBundleAdjustment``), starting from the aligned or
/// the network's motion, whichever the window agrees with. A frame's pose is final once it leaves
/// the bundle-adjustment window (at once without one).
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
            let refinement = PoseRefinement().refine(target: image, depth: depth, sources: PoseRefinement.Source.window(recent),
                                                     intrinsics: intrinsics, initial: networkMotion)
            alignmentSeconds += Date().timeIntervalSince(started)
            previousFromCurrent = refinement.motion
            alignmentSummary.record(refinement)
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

    private mutating func settleOldest() -> Settled {
        let settled = Settled(worldFromCamera: unsettled.removeFirst(), depthScale: bundle!.depthScale(frame: 0))
        bundle!.removeOldest()
        return settled
    }
}
