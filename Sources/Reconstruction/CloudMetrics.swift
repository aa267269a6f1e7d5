import Parallelism

/// Precision, recall and F-score of a predicted point set at one distance threshold.
public struct CloudScore: Codable, Equatable, Sendable {
    /// The distance threshold in metres.
    public var threshold: Float
    /// Fraction of predicted points within `threshold` of the ground truth.
    public var precision: Double
    /// Fraction of ground-truth points within `threshold` of the prediction.
    public var recall: Double
    /// Harmonic mean of precision and recall (0 when both are 0).
    public var fScore: Double

    /// A score from its parts.
    public init(threshold: Float, precision: Double, recall: Double, fScore: Double) {
        self.threshold = threshold
        self.precision = precision
        self.recall = recall
        self.fScore = fScore
    }
}

/// How well a predicted point cloud matches a ground-truth point set.
public struct CloudEvaluation: Codable, Equatable, Sendable {
    /// Mean distance from each predicted point to its nearest ground-truth point (metres).
    public var accuracy: Double
    /// Mean distance from each ground-truth point to its nearest predicted point (metres).
    public var completeness: Double
    /// Scores at each requested threshold, in the order requested.
    public var scores: [CloudScore]
    /// Numbers of points compared.
    public var predictedCount: Int, groundTruthCount: Int
}

/// Point-cloud reconstruction metrics (accuracy, completeness, precision / recall / F-score at
/// thresholds), with exact nearest neighbours through a k-d tree.
public enum CloudMetrics {
    /// The default thresholds: 5 cm and 10 cm.
    public static let defaultThresholds: [Float] = [0.05, 0.10]

    /// Compares `predicted` with `groundTruth` (both non-empty, same frame and scale). Points
    /// that are not finite are ignored.
    public static func evaluate(predicted: [SIMD3<Float>], groundTruth: [SIMD3<Float>],
                                thresholds: [Float] = defaultThresholds) -> CloudEvaluation {
        let predicted = predicted.filter { $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }
        let groundTruth = groundTruth.filter { $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }
        precondition(!predicted.isEmpty && !groundTruth.isEmpty,
                     "CloudMetrics.evaluate: \(predicted.count) predicted vs \(groundTruth.count) ground-truth points; both must be non-empty")
        let toGroundTruth = distances(from: predicted, to: groundTruth)
        let toPredicted = distances(from: groundTruth, to: predicted)
        let scores = thresholds.map { threshold in
            let precision = fraction(toGroundTruth, within: threshold)
            let recall = fraction(toPredicted, within: threshold)
            let f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return CloudScore(threshold: threshold, precision: precision, recall: recall, fScore: f)
        }
        return CloudEvaluation(accuracy: mean(toGroundTruth), completeness: mean(toPredicted), scores: scores,
                               predictedCount: predicted.count, groundTruthCount: groundTruth.count)
    }

    /// For each query, the exact distance to the nearest of `points` (all finite; `points` non-empty).
    ///
    /// Queries are handed to the cores in blocks of `queriesPerBlock`, many more blocks than
    /// cores, so that blocks of far-away (slower) queries do not leave a core waiting; each
    /// distance depends on its query only, so the result does not depend on the scheduling.
    public static func distances(from queries: [SIMD3<Float>], to points: [SIMD3<Float>]) -> [Float] {
        let index = NearestNeighbourIndex(points: points)
        let queriesPerBlock = 4096
        var result = [Float](repeating: 0, count: queries.count)
        result.withUnsafeMutableBufferPointer { result in
            queries.withUnsafeBufferPointer { queries in
                Parallel.concurrentPerform((queries.count + queriesPerBlock - 1) / queriesPerBlock) { block in
                    for i in block * queriesPerBlock..<min(queries.count, (block + 1) * queriesPerBlock) {
                        result[i] = index.nearestDistance(to: queries[i])
                    }
                }
            }
        }
        return result
    }

    private static func mean(_ values: [Float]) -> Double {
        values.withUnsafeBufferPointer { values in
            Parallel.sum(values.count) { range in range.reduce(0) { $0 + Double(values[$1]) } } / Double(values.count)
        }
    }

    private static func fraction(_ values: [Float], within threshold: Float) -> Double {
        Double(values.reduce(0) { $0 + ($1 <= threshold ? 1 : 0) }) / Double(values.count)
    }
}
