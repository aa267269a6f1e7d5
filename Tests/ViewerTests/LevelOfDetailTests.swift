import Testing
import Viewer

@Suite struct LevelOfDetailTests {
    @Test func aStillViewRefinesToEveryPointThenStops() {
        var detail = LevelOfDetail(totalCount: 1_000_000, initialSlice: 150_000)
        #expect(detail.plan(viewChanged: true) == .redraw(0..<150_000))
        var covered = 150_000, frames = 1
        while case .accumulate(let range) = detail.plan(viewChanged: false) {
            #expect(range.lowerBound == covered)
            covered = range.upperBound
            frames += 1
        }
        #expect(covered == 1_000_000 && detail.isComplete && frames == 7)
        #expect(detail.plan(viewChanged: false) == .complete)
        #expect(detail.plan(viewChanged: true) == .redraw(0..<150_000))
    }

    @Test func theSliceFollowsTheMeasuredSpeed() {
        var detail = LevelOfDetail(totalCount: 5_000_000, targetFrameSeconds: 0.05, initialSlice: 150_000)
        // 3.5 M points per second (llvmpipe on two cores) → 175 k points in 50 ms.
        for _ in 0..<30 { detail.record(points: 150_000, seconds: 150_000 / 3.5e6) }
        #expect(abs(detail.sliceCount - 175_000) < 100)
        // Never below the minimum slice, never above the cloud.
        detail.record(points: 150_000, seconds: 1000)
        for _ in 0..<30 { detail.record(points: 150_000, seconds: 1000) }
        #expect(detail.sliceCount == LevelOfDetail.minimumSlice)
        var small = LevelOfDetail(totalCount: 30_000)
        for _ in 0..<5 { small.record(points: 30_000, seconds: 1e-4) }
        #expect(small.sliceCount == 30_000)
    }

    @Test func anEmptyCloudIsCompleteAfterTheFirstFrame() {
        var detail = LevelOfDetail(totalCount: 0)
        #expect(detail.plan(viewChanged: false) == .redraw(0..<0))
        #expect(detail.plan(viewChanged: false) == .complete)
    }
}
