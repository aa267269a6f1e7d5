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
}
