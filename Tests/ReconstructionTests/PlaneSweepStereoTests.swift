import Foundation
import Geometry
import Imaging
import PhotometricKernels
import PhotometricKernelsAVX2
import Tensors
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

    /// The plane warp eight pixels at once (AVX2) gives the one-pixel loop's brightness and
    /// `inside` bit for bit, for points in front, behind, at the camera and outside the image,
    /// over a range that starts and ends off a multiple of eight.
    @Test(.enabled(if: CPUFeatures.hasAVX2AndFMA, "needs a CPU with AVX2 and FMA"))
    func eightPixelWarpIsTheOnePixelWarpBitForBit() {
        let width = 37, height = 23, count = 1000
        var state: UInt64 = 11
        func uniform(_ range: ClosedRange<Float>) -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return range.lowerBound + Float(state >> 40) / Float(1 << 24) * (range.upperBound - range.lowerBound)
        }
        let rx = (0..<count).map { _ in uniform(-1.5...1.5) }, ry = (0..<count).map { _ in uniform(-1.5...1.5) }
        let rz = (0..<count).map { $0 % 10 == 0 ? uniform(-1...0.04) : uniform(0.2...3) }
        let image = (0..<(width * height)).map { _ in uniform(0...1) }
        let pixels = 3..<(count - 6)
        let results = [PhotometricKernelSet.baseline, AVX2PhotometricKernels.kernels].map { kernels in
            var warped = [Float](repeating: -1, count: count), inside = [Float](repeating: -1, count: count)
            rx.withUnsafeBufferPointer { rx in ry.withUnsafeBufferPointer { ry in rz.withUnsafeBufferPointer { rz in
            image.withUnsafeBufferPointer { image in
                let source = PlaneWarpSource(rotatedX: rx.baseAddress!, rotatedY: ry.baseAddress!, rotatedZ: rz.baseAddress!,
                                             translation: [0.05, -0.02, -0.1], focal: [30, 28], centre: [18, 11],
                                             image: image.baseAddress!, width: width, height: height)
                kernels.planeWarp(source, 1.1, pixels, &warped, &inside)
            }}}}
            return (warped, inside)
        }
        let (warped, inside) = results[0]
        #expect(Set(inside[pixels]) == [0, 1] && inside[pixels].filter { $0 == 1 }.count > 200, "too few inside")
        #expect(warped[pixels].contains { $0 > 0 } && warped[..<3].allSatisfy { $0 == -1 } && warped[(count - 6)...].allSatisfy { $0 == -1 })
        #expect(results[1].0.map(\.bitPattern) == warped.map(\.bitPattern))
        #expect(results[1].1.map(\.bitPattern) == inside.map(\.bitPattern))
    }
}
