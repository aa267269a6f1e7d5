import Foundation
import Geometry
import Imaging
import Sequences

/// `packsfm eval`: a reconstruction folder against a ground-truth sequence (TUM folder with depth
/// and `groundtruth.txt`).
///
/// Frames are matched by timestamp (nearest ground-truth frame within 20 ms). Depth: each
/// `depth/<timestamp>.png` against the ground-truth depth resized (nearest) to its size, with no
/// scaling, per-frame median scaling and one global median scale. Trajectory: ATE and RPE after
/// Sim(3) Umeyama alignment of the camera centres. Cloud: `cloud.ply` mapped by that same
/// Sim(3), against points back-projected from the ground-truth depth of the matched frames with
/// their ground-truth poses (every `pixelStride`-th pixel along both axes).
public struct ReconstructionEvaluation: Codable, Equatable, Sendable {
    /// Mean depth errors under one scaling.
    public struct DepthSummary: Codable, Equatable, Sendable {
        /// The scaling.
        public var scaling: DepthMetrics.Scaling
        /// Mean errors over frames.
        public var errors: DepthErrors
        /// Median of the applied scales.
        public var medianScale: Double
    }

    /// Frames matched with ground truth.
    public var matchedFrames: Int
    /// Depth errors under each scaling.
    public var depth: [DepthSummary]
    /// ATE and RPE after Sim(3) alignment.
    public var trajectory: TrajectoryEvaluation
    /// Cloud accuracy, completeness and scores at 5 and 10 cm after the same alignment.
    public var cloud: CloudEvaluation

    /// Evaluates `folder` against `groundTruth`.
    public static func evaluate(folder: ReconstructionFolder, groundTruth: FrameSequence,
                                pixelStride: Int = 2, maximumTimeDifference: Double = 0.02) throws -> ReconstructionEvaluation {
        let estimated = try TUMTrajectory.read(folder.trajectory)
        let truthIndices = groundTruth.frames.indices.filter { groundTruth.frames[$0].worldFromCamera != nil }
        guard !truthIndices.isEmpty else { throw EvaluationError.noGroundTruth(sequence: groundTruth.name, what: "poses") }
        var pairs: [(estimated: TimedPose, truth: Int)] = []
        for pose in estimated {
            let nearest = truthIndices.min { abs(groundTruth.frames[$0].timestamp - pose.timestamp) < abs(groundTruth.frames[$1].timestamp - pose.timestamp) }!
            if abs(groundTruth.frames[nearest].timestamp - pose.timestamp) <= maximumTimeDifference { pairs.append((pose, nearest)) }
        }
        guard pairs.count >= 2 else { throw EvaluationError.tooFewMatches(trajectory: folder.trajectory.path, matched: pairs.count) }

        var predictedDepths: [DepthMap] = [], truthDepths: [DepthMap] = []
        var truthPoints: [SIMD3<Float>] = []
        let frameStep = max(1, pairs.count / 60)
        for (n, pair) in pairs.enumerated() {
            let predicted = try PNG.readDepth(folder.depth(timestamp: pair.estimated.timestamp))
            guard let truth = try groundTruth.loadDepth(pair.truth) else {
                throw EvaluationError.noGroundTruth(sequence: groundTruth.frames[pair.truth].image.path, what: "depth")
            }
            predictedDepths.append(predicted)
            truthDepths.append(truth.resized(width: predicted.width, height: predicted.height))
            if n % frameStep == 0 {
                truthPoints += backproject(truth, intrinsics: groundTruth.intrinsics,
                                           worldFromCamera: groundTruth.frames[pair.truth].worldFromCamera!, stride: pixelStride)
            }
        }
        let depth = DepthMetrics.Scaling.allCases.map { scaling in
            let evaluation = DepthMetrics.evaluate(predicted: predictedDepths, groundTruth: truthDepths, scaling: scaling)
            return DepthSummary(scaling: scaling, errors: evaluation.mean, medianScale: DepthMetrics.median(evaluation.scales.map(Float.init)))
        }
        let estimatedPoses = pairs.map(\.estimated.worldFromCamera)
        let truthPoses = pairs.map { groundTruth.frames[$0.truth].worldFromCamera! }
        let trajectory = TrajectoryMetrics.evaluate(estimated: estimatedPoses, groundTruth: truthPoses, alignment: .similarity)
        let alignment = umeyamaAlignment(from: estimatedPoses.map(\.translation), to: truthPoses.map(\.translation))
        let cloud = try PLY.read(folder.cloud)
        guard cloud.count > 0 else { throw EvaluationError.emptyCloud(path: folder.cloud.path) }
        let aligned = cloud.positions.map { SIMD3<Float>(alignment.apply(SIMD3<Double>($0))) }
        return ReconstructionEvaluation(matchedFrames: pairs.count, depth: depth, trajectory: trajectory,
                                        cloud: CloudMetrics.evaluate(predicted: aligned, groundTruth: truthPoints))
    }

    /// World points of every `stride`-th valid pixel of `depth`.
    static func backproject(_ depth: DepthMap, intrinsics: Intrinsics, worldFromCamera: RigidTransform, stride: Int) -> [SIMD3<Float>] {
        var points: [SIMD3<Float>] = []
        for y in Swift.stride(from: 0, to: depth.height, by: stride) {
            for x in Swift.stride(from: 0, to: depth.width, by: stride) {
                let d = depth[x, y]
                guard d > 0, d.isFinite else { continue }
                let camera = intrinsics.backproject(pixel: SIMD2(Double(x), Double(y)), depth: Double(d))
                points.append(SIMD3<Float>(worldFromCamera.apply(camera)))
            }
        }
        return points
    }

    /// The readable table `packsfm eval` prints.
    public func table() -> String {
        var lines = ["frames matched with ground truth: \(matchedFrames)", "",
                     "depth            abs rel  sq rel    rmse  rmse log      δ<1.25  δ<1.25²  δ<1.25³   scale"]
        for summary in depth {
            let e = summary.errors
            lines.append(summary.scaling.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0) + String(format: " %8.4f %7.4f %7.4f %9.4f %11.4f %8.4f %8.4f %7.3f",
                                e.absRel, e.sqRel, e.rmse, e.rmseLog, e.delta1, e.delta2, e.delta3,
                                summary.medianScale))
        }
        let t = trajectory
        lines += ["", "trajectory (Sim(3) aligned, scale \(String(format: "%.4f", t.alignmentScale)))",
                  String(format: "  ATE RMSE %.4f m (max %.4f m), %.2f %% of the %.3f m path", t.ateRMSE, t.ateMaximum, t.atePercentOfPath, t.pathLength),
                  String(format: "  RPE (%d frame) %.4f m, %.3f°", t.rpeFrameOffset, t.rpeTranslationRMSE, t.rpeRotationRMSEDegrees),
                  "", String(format: "cloud (same alignment): %d points vs %d ground-truth points", cloud.predictedCount, cloud.groundTruthCount),
                  String(format: "  accuracy %.4f m, completeness %.4f m", cloud.accuracy, cloud.completeness)]
        for score in cloud.scores {
            lines.append(String(format: "  @%2.0f cm: precision %.4f  recall %.4f  F-score %.4f",
                                score.threshold * 100, score.precision, score.recall, score.fScore))
        }
        return lines.joined(separator: "\n")
    }
}

/// Why an evaluation could not be done; `description` names the file.
public enum EvaluationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The ground truth lacks poses or depth.
    case noGroundTruth(sequence: String, what: String)
    /// Too few estimated poses have a ground-truth frame at their timestamp.
    case tooFewMatches(trajectory: String, matched: Int)
    /// The cloud has no points.
    case emptyCloud(path: String)

    public var description: String {
        switch self {
        case let .noGroundTruth(sequence, what): "\(sequence): no ground-truth \(what)"
        case let .tooFewMatches(trajectory, matched):
            "\(trajectory): only \(matched) pose\(matched == 1 ? "" : "s") match a ground-truth frame within 20 ms (need 2); is --gt the sequence that was reconstructed?"
        case .emptyCloud(let path): "\(path): the cloud has no points"
        }
    }
}
