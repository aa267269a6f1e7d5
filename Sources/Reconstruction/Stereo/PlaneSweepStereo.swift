import Foundation
import Geometry
import Imaging
import Parallelism

/// Multi-view stereo around a depth estimate: every pixel's depth is swept through factors of
/// its current value, each hypothesis is warped into nearby frames with their (refined) poses,
/// and the factor whose warps match best, by zero-mean normalised cross-correlation (ZNCC) on
/// small windows averaged over the frames, wins where the match can be trusted: the window has
/// texture, and the winner stands out from the other hypotheses (smooth shading correlates
/// equally well at every depth).
///
/// Pixels the sweep cannot trust take the corrections of the matched pixels around them
/// (``CorrectionSpread``), or keep their depth where none is near. With the bundle adjustment's
/// poses it raises the clouds' F-score at 5 cm on the evaluation scenes by about half
/// (docs/reconstruction.md).
public struct PlaneSweepStereo: Sendable {
    /// A frame the sweep works with: its brightness and its pose.
    public struct View: Sendable {
        /// Brightness, row-major, `width · height` values in 0...1.
        public let gray: [Float]
        /// Camera-to-world pose.
        public let worldFromCamera: RigidTransform

        /// The view of a colour or gray image at the sweep's resolution.
        public init(image: Image, worldFromCamera: RigidTransform) {
            self.init(gray: image.gray().pixels, worldFromCamera: worldFromCamera)
        }

        /// The view of a brightness plane (row-major, 0...1) at the sweep's resolution.
        public init(gray: [Float], worldFromCamera: RigidTransform) {
            self.gray = gray
            self.worldFromCamera = worldFromCamera
        }
    }

    /// A refined depth map and how the sweep went.
    public struct Result: Sendable {
        /// The winning depth per matched pixel; elsewhere the input depth, corrected as the
        /// matched pixels around it were when ``correctionSpread`` is set.
        public var depth: DepthMap
        /// Pixels with depth, texture and a distinct winner that at least one source frame saw.
        public var matchedPixels: Int
        /// Unmatched pixels whose depth took the corrections of matched pixels around them.
        public var spreadPixels = 0
        /// Mean winning cost (1 − ZNCC, from 0 for a perfect match to 2) over the matched pixels.
        public var meanCost: Double
    }

    /// The camera of the reference and source frames.
    public let intrinsics: Intrinsics
    /// Depth hypotheses per pixel (2 at least), spaced geometrically between the factors below;
    /// the winner is refined between its neighbours by a parabola. 16 (4.7 % apart) keeps walls
    /// of repeated stripes apart; 8 scored a little higher on the evaluation scenes but matched
    /// such walls at wrong depths (docs/reconstruction.md).
    public var hypothesisCount = 16
    /// The smallest and largest factor applied to the input depth.
    public var factorRange: ClosedRange<Float> = 0.7...1.4
    /// Half the side of the matching window, pixels (3: 7x7).
    public var windowRadius = 3
    /// The least standard deviation of brightness (0...1) a reference window needs to be matched
    /// (0.005, about 1.3 grey levels of 8-bit video: 0.01 matched 7-10 % fewer pixels and
    /// scored 0.01 lower on the evaluation scenes; the margin and agreement tests guard the rest).
    public var minimumContrast: Float = 0.005
    /// How far the winning cost must lie below the cost of every hypothesis more than two steps
    /// away (a repeated pattern or smooth shading matches well at several depths).
    public var minimumMargin: Float = 0.1
    /// How the corrections at matched pixels reach the unmatched ones; `nil`: they keep their depth.
    public var correctionSpread: CorrectionSpread? = CorrectionSpread()

    /// A sweep for frames of `intrinsics`' size.
    public init(intrinsics: Intrinsics) {
        self.intrinsics = intrinsics
    }

    /// The depth factors tried, smallest first.
    public var factors: [Float] { (0..<hypothesisCount).map { factor(at: Float($0)) } }

    /// The factor at a (fractional) hypothesis position: 0 is the range's lower end,
    /// `hypothesisCount − 1` its upper end.
    private func factor(at position: Float) -> Float {
        let low = log(factorRange.lowerBound), high = log(factorRange.upperBound)
        return exp(low + (high - low) * position / Float(hypothesisCount - 1))
    }

    /// Refines `depth` of `reference` against `sources` (frames near it, whose poses are in the
    /// same world frame and scale). With no source, or frames narrower or lower than 2 pixels,
    /// the depth comes back unchanged.
    public func refine(depth: DepthMap, reference: View, sources: [View]) -> Result {
        let width = intrinsics.width, height = intrinsics.height, count = width * height
        guard !sources.isEmpty, width >= 2, height >= 2 else { return Result(depth: depth, matchedPixels: 0, meanCost: 0) }
        precondition(hypothesisCount >= 2, "PlaneSweepStereo: \(hypothesisCount) hypotheses (2 at least)")
        precondition(depth.width == width && depth.height == height,
                     "PlaneSweepStereo: depth \(depth.width)x\(depth.height), camera \(width)x\(height)")
        precondition(([reference] + sources).allSatisfy { $0.gray.count == count }, "PlaneSweepStereo: views must be \(width)x\(height)")
        let window = ReferenceWindows(gray: reference.gray, width: width, height: height, radius: windowRadius)
        let points = cameraPoints(depth: depth)
        let warps = sources.map { SourceWarp(points: points, reference: reference.worldFromCamera, source: $0, intrinsics: intrinsics) }
        // sourceCosts[(source · hypotheses + hypothesis) · count + pixel]: 1 − ZNCC, or infinity
        // where the source does not see the pixel.
        let hypotheses = hypothesisCount
        var sourceCosts = [Float](repeating: .infinity, count: warps.count * hypotheses * count)
        // One (hypothesis, source) pair per iteration, claimed by whichever core is free (the
        // loops inside each run on its core alone, with the same results).
        let factors = factors
        sourceCosts.withUnsafeMutableBufferPointer { sourceCosts in
            Parallel.concurrentPerform(hypotheses * warps.count) { pair in
                let (hypothesis, source) = pair.quotientAndRemainder(dividingBy: warps.count)
                var warped = [Float](repeating: 0, count: count), inside = [Float](repeating: 0, count: count)
                warps[source].sample(factor: factors[hypothesis], into: &warped, inside: &inside)
                let base = (source * hypotheses + hypothesis) * count
                window.costs(warped: warped, inside: inside, into: UnsafeMutableBufferPointer(rebasing: sourceCosts[base..<(base + count)]))
            }
        }
        // Each pixel's winning factor and cost (NaN: no winner), found on all cores.
        var winningFactors = [Float](repeating: .nan, count: count), winningCosts = [Float](repeating: .nan, count: count)
        winningFactors.withUnsafeMutableBufferPointer { winningFactors in
        winningCosts.withUnsafeMutableBufferPointer { winningCosts in
            Parallel.forEachChunk(count, minimumPerChunk: 4096) { pixels in
                var pixelCosts = [Float](repeating: 0, count: warps.count * hypotheses)
                var meanCosts = [Float](repeating: 0, count: hypotheses)
                for index in pixels where depth.depths[index] > 0 && window.deviation(at: index) >= minimumContrast {
                    for slot in pixelCosts.indices { pixelCosts[slot] = sourceCosts[slot * count + index] }
                    guard let winner = winner(sourceCosts: pixelCosts, sourceCount: warps.count, mean: &meanCosts) else { continue }
                    (winningFactors[index], winningCosts[index]) = (winner.factor, winner.cost)
                }
            }
        }}
        var refined = depth
        var matched = 0, costTotal = 0.0
        var isMatched = [Bool](repeating: false, count: count)
        for index in 0..<count where !winningCosts[index].isNaN {
            refined.depths[index] = depth.depths[index] * winningFactors[index]
            isMatched[index] = true
            matched += 1; costTotal += Double(winningCosts[index])
        }
        var result = Result(depth: refined, matchedPixels: matched, meanCost: matched > 0 ? costTotal / Double(matched) : 0)
        if let correctionSpread {
            (result.depth, result.spreadPixels) = correctionSpread.apply(input: depth, refined: refined, matched: isMatched)
        }
        return result
    }

    /// The factor whose mean cost over the sources is lowest (refined between its neighbours by
    /// a parabola) and that cost, given one pixel's costs per source and hypothesis
    /// (`sourceCosts[source · hypothesisCount + hypothesis]`, infinity where unseen). `nil`
    /// unless the cost is finite, beats the hypotheses more than two steps away by
    /// ``minimumMargin``, and every source that sees the winner has its own lowest cost within a
    /// step of it: a repeated pattern fools each baseline at a different depth. `mean` (scratch,
    /// one entry per hypothesis, reused from pixel to pixel) receives the mean costs.
    private func winner(sourceCosts: [Float], sourceCount: Int, mean: inout [Float]) -> (factor: Float, cost: Float)? {
        let count = hypothesisCount
        for hypothesis in 0..<count {
            mean[hypothesis] = .infinity
            var total: Float = 0, seen = 0
            for source in 0..<sourceCount where sourceCosts[source * count + hypothesis].isFinite {
                total += sourceCosts[source * count + hypothesis]; seen += 1
            }
            if seen > 0 { mean[hypothesis] = total / Float(seen) }
        }
        guard let best = mean.indices.min(by: { mean[$0] < mean[$1] }), mean[best].isFinite else { return nil }
        let cost = mean[best]
        for hypothesis in 0..<count where abs(hypothesis - best) > 2 && mean[hypothesis] < cost + minimumMargin { return nil }
        for source in 0..<sourceCount where sourceCosts[source * count + best].isFinite {
            let first = source * count
            var ownBest = first
            for slot in (first + 1)..<(first + count) where sourceCosts[slot] < sourceCosts[ownBest] { ownBest = slot }
            if abs(ownBest - first - best) > 1 { return nil }
        }
        var offset: Float = 0
        if best > 0, best < count - 1 {
            let before = mean[best - 1], after = mean[best + 1]
            let curvature = before - 2 * cost + after
            if before.isFinite, after.isFinite, curvature > 0 { offset = min(max(0.5 * (before - after) / curvature, -0.5), 0.5) }
        }
        return (factor(at: Float(best) + offset), cost)
    }

    /// Each pixel's point in the reference camera, `(x, y, z)` planes (zero where no depth).
    private func cameraPoints(depth: DepthMap) -> [[Float]] {
        let width = intrinsics.width, height = intrinsics.height
        var planes = [[Float]](repeating: [Float](repeating: 0, count: width * height), count: 3)
        let fx = Float(intrinsics.fx), fy = Float(intrinsics.fy), cx = Float(intrinsics.cx), cy = Float(intrinsics.cy)
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x, z = depth.depths[index]
                guard z > 0 else { continue }
                planes[0][index] = (Float(x) - cx) / fx * z
                planes[1][index] = (Float(y) - cy) / fy * z
                planes[2][index] = z
            }
        }
        return planes
    }
}
