import Geometry
import Imaging
import Testing
@testable import Reconstruction

@Suite struct PoseTrackerTests {
    /// Without alignment the motions are chained as given, and every frame is final at once.
    @Test func withoutRefinementMotionsAreChainedAndSettleAtOnce() {
        let walk = PhotometricBundleAdjustmentTests.RenderedWalk(frames: [14, 16, 18])
        var tracker = PoseTracker(intrinsics: walk.camera, alignmentWindow: 0, bundleWindow: 8)
        var poses: [RigidTransform] = []
        for index in walk.poses.indices {
            let motion = index == 0 ? .identity : walk.poses[index - 1].inverse * walk.poses[index]
            let settled = tracker.add(image: walk.images[index], depth: walk.depths[index], networkMotion: motion)
            #expect(settled.count == 1 && settled[0].depthScale == 1 && tracker.unsettledPoses.isEmpty)
            poses += settled.map(\.worldFromCamera)
        }
        #expect(tracker.finish().isEmpty)
        let expected = walk.poses.map { walk.poses[0].inverse * $0 }
        #expect(zip(poses, expected).allSatisfy { PhotometricBundleAdjustmentTests.same($0, $1) || length($0.translation - $1.translation) < 1e-9 })
        #expect(tracker.alignmentSummary.pairs == 0 && tracker.bundleSummary.frames == 0)
    }

    /// With a bundle-adjustment window of 3, poses stay open until the window is full, then the
    /// oldest settles with each new frame and the rest at the end; motions 0.9° off come back to
    /// within half a degree of the truth.
    @Test func bundleAdjustedFramesSettleAsTheyLeaveTheWindow() {
        let walk = PhotometricBundleAdjustmentTests.RenderedWalk(frames: [14, 16, 18, 20, 22])
        var tracker = PoseTracker(intrinsics: walk.camera, alignmentWindow: 2, bundleWindow: 3)
        var settled: [PoseTracker.Settled] = []
        let nudge = RigidTransform(rotation: Matrix3.rotation(axisAngle: [0.01, -0.01, 0.005]), translation: [0.01, 0, 0])
        for index in walk.poses.indices {
            let motion = index == 0 ? .identity : nudge * (walk.poses[index - 1].inverse * walk.poses[index])
            let new = tracker.add(image: walk.images[index], depth: walk.depths[index], networkMotion: motion)
            #expect(new.count == (index >= 2 ? 1 : 0))
            #expect(tracker.unsettledPoses.count == min(index + 1, 2))
            settled += new
        }
        settled += tracker.finish()
        #expect(settled.count == walk.poses.count && tracker.unsettledPoses.isEmpty)
        let worst = PhotometricBundleAdjustmentTests.worstStepRotation(settled.map(\.worldFromCamera), truth: walk.poses)
        #expect(length(nudge.rotation.axisAngle) * 180 / .pi > 0.85)
        #expect(worst < 0.5, "worst step \(worst)°")
        #expect(tracker.alignmentSummary.pairs == 4 && tracker.bundleSummary.frames == 5 && tracker.bundleSummary.window == 3)
    }

    /// The longest plausible step: 2.5 times the longer of the recent steps' median and the
    /// network's step, plus half a centimetre for a camera at rest.
    @Test func longestPlausibleStepFollowsTheRecentStepsAndTheNetwork() {
        let centres: [SIMD3<Double>] = [[0, 0, 0], [0.03, 0, 0], [0.06, 0, 0], [0.06, 0.04, 0], [0.06, 0.04, 0.5]]
        let median = 0.04   // steps 0.03, 0.03, 0.04, 0.5
        #expect(abs(PoseTracker.longestPlausibleStep(recentCentres: centres, networkStep: 0.02, factor: 2.5) - (2.5 * median + 0.005)) < 1e-12)
        #expect(abs(PoseTracker.longestPlausibleStep(recentCentres: centres, networkStep: 0.1, factor: 2.5) - 0.255) < 1e-12)
        let atRest = [SIMD3<Double>](repeating: [1, 2, 3], count: 4)
        #expect(abs(PoseTracker.longestPlausibleStep(recentCentres: atRest, networkStep: 0, factor: 2.5) - 0.005) < 1e-12)
    }

    /// With the default factor a clean walk has no implausible steps; with a factor of zero every
    /// frame aligned against three earlier ones is realigned locally (and counted), and the
    /// bundle adjustment still brings every step to within a degree of the truth.
    @Test(arguments: [(2.5, 0), (0, 3)])
    func implausibleStepsAreRealignedAndCounted(_ factor: Double, _ expectedRealigned: Int) {
        let walk = PhotometricBundleAdjustmentTests.RenderedWalk(frames: [14, 16, 18, 20, 22, 24])
        var tracker = PoseTracker(intrinsics: walk.camera, alignmentWindow: 3, bundleWindow: 3)
        tracker.implausibleStepFactor = factor
        var settled: [PoseTracker.Settled] = []
        for index in walk.poses.indices {
            let motion = index == 0 ? .identity : walk.poses[index - 1].inverse * walk.poses[index]
            settled += tracker.add(image: walk.images[index], depth: walk.depths[index], networkMotion: motion)
        }
        settled += tracker.finish()
        #expect(tracker.alignmentSummary.implausibleSteps == expectedRealigned)
        let worst = PhotometricBundleAdjustmentTests.worstStepRotation(settled.map(\.worldFromCamera), truth: walk.poses)
        #expect(worst < 1, "worst step \(worst)°")
    }
}
