import Foundation
import Geometry
import Imaging
import Testing
@testable import Reconstruction

@Suite struct PlaneSweepStereoTests {
    typealias Walk = PhotometricBundleAdjustmentTests.RenderedWalk

    /// Mean |d − truth| / truth over the pixels where both have depth.
    static func absoluteRelativeError(_ depth: DepthMap, truth: DepthMap) -> Double {
        absoluteRelativeError(depth, truth: truth, where: [Bool](repeating: true, count: depth.depths.count))
    }

    /// Mean |d − truth| / truth over the pixels where `selected` holds and both have depth.
    static func absoluteRelativeError(_ depth: DepthMap, truth: DepthMap, where selected: [Bool]) -> Double {
        let pairs = zip(zip(depth.depths, truth.depths), selected).filter { $0.1 && $0.0.0 > 0 && $0.0.1 > 0 }.map(\.0)
        return pairs.map { Double(abs($0.0 - $0.1) / $0.1) }.reduce(0, +) / Double(pairs.count)
    }

    /// Sweeps a depth map bent by ±15 % across the image against the frames 8 and 19 before and
    /// after it (baselines about 2.4 times apart, as ``StereoNeighbourhood`` picks), with their
    /// true poses, in a room of the generator with seed `seed`.
    static func sweepBentDepth(seed: UInt64, room: Int, spread: CorrectionSpread? = CorrectionSpread())
        -> (bent: DepthMap, truth: DepthMap, result: PlaneSweepStereo.Result) {
        let walk = Walk(frames: [1, 12, 20, 28, 39], seed: seed, room: room)
        let views = zip(walk.images, walk.poses).map { PlaneSweepStereo.View(image: $0.0, worldFromCamera: $0.1) }
        let bent = PhotometricBundleAdjustmentTests.distorted(walk.depths[2], amplitude: 0.15)
        var sweep = PlaneSweepStereo(intrinsics: walk.camera)
        sweep.correctionSpread = spread
        let result = sweep.refine(depth: bent, reference: views[2], sources: [views[0], views[1], views[3], views[4]])
        return (bent, walk.depths[2], result)
    }

    /// In a room with wood, checks and a carpet, most pixels are matched and come back to
    /// within a few per cent of the truth.
    @Test func bentDepthReturnsToTheTruthWithTruePoses() {
        let (bent, truth, result) = Self.sweepBentDepth(seed: 5, room: 0, spread: nil)
        #expect(result.spreadPixels == 0)
        let changed = zip(bent.depths, result.depth.depths).map { $0 != $1 }
        #expect(changed.count { $0 } == result.matchedPixels)
        #expect(result.matchedPixels > bent.depths.count / 2, "\(result.matchedPixels) of \(bent.depths.count)")
        let before = Self.absoluteRelativeError(bent, truth: truth, where: changed)
        let after = Self.absoluteRelativeError(result.depth, truth: truth, where: changed)
        #expect(before > 0.08)
        #expect(after < 0.03, "AbsRel of the matched pixels \(before) → \(after)")
        #expect(Self.absoluteRelativeError(result.depth, truth: truth) < Self.absoluteRelativeError(bent, truth: truth) - 0.03)
        #expect(result.meanCost < 0.2)
    }

    /// The unmatched pixels near matched ones take their corrections: the whole map comes
    /// closer to the truth than with the matched pixels alone.
    @Test func correctionsSpreadToTheUnmatchedPixels() {
        let (bent, truth, alone) = Self.sweepBentDepth(seed: 5, room: 0, spread: nil)
        let (_, _, spread) = Self.sweepBentDepth(seed: 5, room: 0)
        #expect(spread.matchedPixels == alone.matchedPixels && spread.spreadPixels > 0)
        #expect(spread.matchedPixels + spread.spreadPixels <= bent.depths.count { $0 > 0 })
        let unmatched = zip(bent.depths, alone.depth.depths).map { $0 == $1 }
        let before = Self.absoluteRelativeError(alone.depth, truth: truth, where: unmatched)
        let after = Self.absoluteRelativeError(spread.depth, truth: truth, where: unmatched)
        #expect(after < 0.6 * before, "AbsRel of the unmatched pixels \(before) → \(after)")
    }

    /// On walls of thin vertical stripes seen by a camera moving sideways, several depths match
    /// equally well: most of those pixels are left alone, the ones matched come out closer to
    /// the truth than they went in (no period-off matches), matches that disagree are not
    /// spread, and the depth map comes out no worse.
    @Test func repeatedPatternsAreLeftAlone() {
        let (bent, truth, result) = Self.sweepBentDepth(seed: 1, room: 0)
        let (_, _, alone) = Self.sweepBentDepth(seed: 1, room: 0, spread: nil)
        #expect(result.matchedPixels < bent.depths.count / 3, "\(result.matchedPixels) of \(bent.depths.count)")
        let matched = zip(bent.depths, alone.depth.depths).map { $0 != $1 }
        #expect(Self.absoluteRelativeError(alone.depth, truth: truth, where: matched)
                < Self.absoluteRelativeError(bent, truth: truth, where: matched))
        #expect(Self.absoluteRelativeError(result.depth, truth: truth) <= Self.absoluteRelativeError(bent, truth: truth))
    }

    /// Without sources nothing is matched and the depth comes back as it was.
    @Test func noSourcesLeaveTheDepthAlone() {
        let walk = Walk(frames: [20])
        let view = PlaneSweepStereo.View(image: walk.images[0], worldFromCamera: walk.poses[0])
        let result = PlaneSweepStereo(intrinsics: walk.camera).refine(depth: walk.depths[0], reference: view, sources: [])
        #expect(result.depth == walk.depths[0])
        #expect(result.matchedPixels == 0)
    }

    /// Pixels no source sees (a source looking the other way) keep their depth; pixels without
    /// depth stay without.
    @Test func unseenPixelsKeepTheirDepth() {
        let walk = Walk(frames: [20])
        let view = PlaneSweepStereo.View(image: walk.images[0], worldFromCamera: walk.poses[0])
        let turned = RigidTransform(rotation: Matrix3.rotation(axisAngle: [0, .pi, 0]), translation: .zero)
        let away = PlaneSweepStereo.View(image: walk.images[0], worldFromCamera: walk.poses[0] * turned)
        var depth = walk.depths[0]
        depth.depths[0] = 0
        let result = PlaneSweepStereo(intrinsics: walk.camera).refine(depth: depth, reference: view, sources: [away])
        #expect(result.depth == depth)
        #expect(result.matchedPixels == 0)
    }

    /// The hypotheses are spaced geometrically over the factor range.
    @Test func factorsSpanTheRangeGeometrically() {
        var sweep = PlaneSweepStereo(intrinsics: .phone(width: 32, height: 24))
        sweep.hypothesisCount = 3
        sweep.factorRange = 0.5...2
        let factors = sweep.factors
        #expect(factors.count == 3)
        #expect(abs(factors[0] - 0.5) < 1e-6 && abs(factors[1] - 1) < 1e-6 && abs(factors[2] - 2) < 1e-6)
    }
}
