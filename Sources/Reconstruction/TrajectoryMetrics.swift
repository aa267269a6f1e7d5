import Foundation
import Geometry

/// Absolute and relative trajectory errors of an estimated camera path against ground truth
/// (Sturm et al., "A Benchmark for the Evaluation of RGB-D SLAM Systems", IROS 2012).
public struct TrajectoryEvaluation: Codable, Equatable, Sendable {
    /// Number of pose pairs compared.
    public var poseCount: Int
    /// The similarity's scale that aligned the estimate (1 without scale alignment).
    public var alignmentScale: Double
    /// Root mean square of camera-centre errors after alignment, metres (ATE).
    public var ateRMSE: Double
    /// Largest camera-centre error after alignment, metres.
    public var ateMaximum: Double
    /// Length of the ground-truth path, metres.
    public var pathLength: Double
    /// ATE RMSE as a percentage of the path length (0 for a path of length 0).
    public var atePercentOfPath: Double
    /// Frame offset of the relative pose errors.
    public var rpeFrameOffset: Int
    /// Root mean square translation error of the relative motions over `rpeFrameOffset` frames,
    /// metres (RPE).
    public var rpeTranslationRMSE: Double
    /// Root mean square rotation error of those relative motions, degrees.
    public var rpeRotationRMSEDegrees: Double
}

/// Trajectory evaluation: ATE after alignment and RPE between frame pairs.
public enum TrajectoryMetrics {
    /// How the estimated path is aligned to ground truth before comparison.
    public enum Alignment: String, Codable, Sendable, CaseIterable {
        /// Compared as given.
        case none
        /// Best rotation and translation (Umeyama without scale).
        case rigid
        /// Best rotation, translation and scale (Umeyama, Sim(3)): monocular estimates.
        case similarity
    }

    /// Compares `estimated` with `groundTruth` poses (camera-to-world, pairwise, same count).
    /// RPE compares the motion from frame `i` to `i + rpeFrameOffset` after applying the
    /// alignment's scale.
    public static func evaluate(estimated: [RigidTransform], groundTruth: [RigidTransform],
                                alignment: Alignment = .similarity, rpeFrameOffset: Int = 1) -> TrajectoryEvaluation {
        precondition(estimated.count == groundTruth.count && !estimated.isEmpty,
                     "TrajectoryMetrics.evaluate: \(estimated.count) estimated vs \(groundTruth.count) ground-truth poses")
        precondition(rpeFrameOffset > 0, "TrajectoryMetrics.evaluate: RPE frame offset \(rpeFrameOffset) must be positive")
        let similarity: SimilarityTransform
        switch alignment {
        case .none: similarity = .identity
        case .rigid, .similarity:
            similarity = umeyamaAlignment(from: estimated.map(\.translation), to: groundTruth.map(\.translation),
                                          estimateScale: alignment == .similarity)
        }
        let aligned = estimated.map { similarity.apply($0) }
        let centreErrors = zip(aligned, groundTruth).map { distance($0.translation, $1.translation) }
        let ate = rootMeanSquare(centreErrors)
        let pathLength = zip(groundTruth.dropFirst(), groundTruth).reduce(0) { $0 + distance($1.0.translation, $1.1.translation) }

        var translationErrors: [Double] = [], rotationErrors: [Double] = []
        for i in 0..<max(0, groundTruth.count - rpeFrameOffset) {
            let j = i + rpeFrameOffset
            let trueMotion = groundTruth[i].inverse * groundTruth[j]
            let estimatedMotion = aligned[i].inverse * aligned[j]
            let error = trueMotion.inverse * estimatedMotion
            translationErrors.append(length(error.translation))
            rotationErrors.append(length(error.rotation.axisAngle) * 180 / .pi)
        }
        return TrajectoryEvaluation(poseCount: estimated.count, alignmentScale: similarity.scale, ateRMSE: ate,
                                    ateMaximum: centreErrors.max() ?? 0, pathLength: pathLength,
                                    atePercentOfPath: pathLength > 0 ? 100 * ate / pathLength : 0,
                                    rpeFrameOffset: rpeFrameOffset,
                                    rpeTranslationRMSE: rootMeanSquare(translationErrors),
                                    rpeRotationRMSEDegrees: rootMeanSquare(rotationErrors))
    }

    /// Pairs each estimated pose with the ground-truth pose nearest in time, when they are at
    /// most `maximumTimeDifference` seconds apart (the `associate.py` of the TUM benchmark); each
    /// ground-truth pose is used at most once, closest pairs first.
    public static func associate(estimated: [TimedPose], groundTruth: [TimedPose],
                                 maximumTimeDifference: Double = 0.02) -> (estimated: [RigidTransform], groundTruth: [RigidTransform]) {
        var candidates: [(difference: Double, estimated: Int, truth: Int)] = []
        let truthOrder = groundTruth.indices.sorted { groundTruth[$0].timestamp < groundTruth[$1].timestamp }
        let truthTimes = truthOrder.map { groundTruth[$0].timestamp }
        for (e, pose) in estimated.enumerated() {
            // Ground truth within the window: binary search for its start.
            var low = 0, high = truthTimes.count
            while low < high {
                let middle = (low + high) / 2
                if truthTimes[middle] < pose.timestamp - maximumTimeDifference { low = middle + 1 } else { high = middle }
            }
            var k = low
            while k < truthTimes.count, truthTimes[k] <= pose.timestamp + maximumTimeDifference {
                candidates.append((abs(truthTimes[k] - pose.timestamp), e, truthOrder[k]))
                k += 1
            }
        }
        candidates.sort { ($0.difference, $0.estimated, $0.truth) < ($1.difference, $1.estimated, $1.truth) }
        var usedEstimated = Set<Int>(), usedTruth = Set<Int>(), pairs: [(Int, Int)] = []
        for candidate in candidates where !usedEstimated.contains(candidate.estimated) && !usedTruth.contains(candidate.truth) {
            usedEstimated.insert(candidate.estimated)
            usedTruth.insert(candidate.truth)
            pairs.append((candidate.estimated, candidate.truth))
        }
        pairs.sort { $0.0 < $1.0 }
        return (pairs.map { estimated[$0.0].worldFromCamera }, pairs.map { groundTruth[$0.1].worldFromCamera })
    }

    private static func rootMeanSquare(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
    }
}
