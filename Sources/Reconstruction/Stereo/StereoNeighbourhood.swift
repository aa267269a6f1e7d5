import Geometry

/// Which frames a frame is matched against by ``PlaneSweepStereo``: on each side of it (earlier
/// and later frames), the nearest frame whose camera lies at least 5 % of the frame's median
/// depth away, and the nearest at least an eighth away, looking at most ``maximumOffset``
/// frames either way. Baselines set by distance rather than frame count suit slow phone videos
/// and sparse keyframes alike: too short and the depths are not told apart, too long and the
/// views share too little and gather more of the poses' errors (on the evaluation walks, 8 % and
/// 20 % gave depth maps with a median-scaled AbsRel of 0.088, these 0.077; docs/reconstruction.md).
/// The two baselines are 2.5 times apart, not twice: a repeated pattern that matches one period
/// off at the shorter one then matches half a period off at the longer one, so the sources
/// disagree and the sweep leaves the pixel alone.
struct StereoNeighbourhood {
    /// Baselines sought on each side, as fractions of the reference's median depth.
    static let baselineFractions = [0.05, 0.125]
    /// A side whose frames stay closer than this fraction contributes its farthest frame only
    /// when it reaches this far.
    static let shortestBaselineFraction = 0.02
    /// How many frames away a source may be.
    static let maximumOffset = 30

    /// The indices into `centres` (camera centres in frame order) of the sources for the frame
    /// at `reference` whose median depth is `medianDepth`, nearest first per side, without repeats.
    static func sources(centres: [SIMD3<Double>], reference: Int, medianDepth: Double) -> [Int] {
        let earlier = Array(stride(from: reference - 1, through: max(0, reference - maximumOffset), by: -1))
        let later = Array(stride(from: reference + 1, through: min(centres.count - 1, reference + maximumOffset), by: 1))
        var chosen: [Int] = []
        for side in [earlier, later] {
            let baselines = side.map { length(centres[$0] - centres[reference]) / max(medianDepth, 1e-6) }
            var picked: [Int] = []
            for fraction in baselineFractions {
                if let position = baselines.firstIndex(where: { $0 >= fraction }) { picked.append(side[position]) }
            }
            if picked.count < baselineFractions.count, let farthest = baselines.indices.max(by: { baselines[$0] < baselines[$1] }),
               baselines[farthest] >= shortestBaselineFraction {
                picked.append(side[farthest])
            }
            for index in picked where !chosen.contains(index) { chosen.append(index) }
        }
        return chosen
    }

    /// Whether the frames after the reference (`later`, camera centres in order) already hold
    /// everything its later side could use: one at the longest baseline, or as many as
    /// ``maximumOffset``.
    static func laterSideIsComplete(reference centre: SIMD3<Double>, later: [SIMD3<Double>], medianDepth: Double) -> Bool {
        later.count >= maximumOffset
            || later.contains { length($0 - centre) >= baselineFractions.last! * max(medianDepth, 1e-6) }
    }
}
