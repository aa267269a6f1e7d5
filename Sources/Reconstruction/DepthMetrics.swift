import Foundation
import Imaging

/// The standard monocular depth errors (Eigen et al. 2014) of one frame or their mean over frames.
public struct DepthErrors: Codable, Equatable, Sendable {
    /// Mean |d − d*| / d*.
    public var absRel: Double
    /// Mean (d − d*)² / d*.
    public var sqRel: Double
    /// √mean (d − d*)², metres.
    public var rmse: Double
    /// √mean (log d − log d*)².
    public var rmseLog: Double
    /// Fraction of pixels with max(d / d*, d* / d) < 1.25.
    public var delta1: Double
    /// … < 1.25².
    public var delta2: Double
    /// … < 1.25³.
    public var delta3: Double
    /// Number of pixels compared.
    public var pixelCount: Int
}

/// The result of comparing predicted depth maps with ground truth.
public struct DepthEvaluation: Codable, Equatable, Sendable {
    /// Errors of each frame.
    public var perFrame: [DepthErrors]
    /// The scale applied to each frame's prediction.
    public var scales: [Double]
    /// The mean of the per-frame errors over frames that had valid pixels (`pixelCount` is the
    /// total).
    public var mean: DepthErrors
}

/// Depth evaluation in the protocol of monocular depth papers (Monodepth2, PackNet-SfM):
/// ground-truth pixels with depth in `range` are compared; predictions are scaled, then clamped
/// to `range`.
public enum DepthMetrics {
    /// How predictions are brought to metric scale before comparison.
    public enum Scaling: String, Codable, Sendable, CaseIterable {
        /// Compare as predicted.
        case none
        /// Each frame scaled by median(ground truth) / median(prediction) over its valid pixels.
        case perFrameMedian
        /// One scale for the whole sequence: median(ground truth) / median(prediction) over the
        /// valid pixels of all frames together.
        case globalMedian
    }

    /// The default range of valid ground truth, metres.
    public static let defaultRange: ClosedRange<Float> = 0.1...10

    /// Errors of `predicted` against `groundTruth` (pairwise, same sizes).
    public static func evaluate(predicted: [DepthMap], groundTruth: [DepthMap], scaling: Scaling,
                                range: ClosedRange<Float> = defaultRange) -> DepthEvaluation {
        precondition(predicted.count == groundTruth.count,
                     "DepthMetrics.evaluate: \(predicted.count) predicted vs \(groundTruth.count) ground-truth maps")
        // Valid (prediction, ground truth) pairs of each frame.
        let pairs: [([Float], [Float])] = zip(predicted, groundTruth).map { prediction, truth in
            precondition(prediction.width == truth.width && prediction.height == truth.height,
                         "DepthMetrics.evaluate: prediction \(prediction.width)x\(prediction.height) vs ground truth \(truth.width)x\(truth.height)")
            var p: [Float] = [], t: [Float] = []
            for (d, g) in zip(prediction.depths, truth.depths) where range.contains(g) {
                p.append(d.isFinite ? d : 0)
                t.append(g)
            }
            return (p, t)
        }
        let scales: [Double]
        switch scaling {
        case .none:
            scales = Array(repeating: 1, count: pairs.count)
        case .perFrameMedian:
            scales = pairs.map { ratioOfMedians(truth: $0.1, prediction: $0.0) }
        case .globalMedian:
            let scale = ratioOfMedians(truth: pairs.flatMap(\.1), prediction: pairs.flatMap(\.0))
            scales = Array(repeating: scale, count: pairs.count)
        }
        let perFrame = zip(pairs, scales).map { pair, scale in
            errors(predicted: pair.0.map { min(Double(range.upperBound), max(Double(range.lowerBound), Double($0) * scale)) },
                   groundTruth: pair.1.map(Double.init))
        }
        return DepthEvaluation(perFrame: perFrame, scales: scales, mean: mean(perFrame))
    }

    /// Errors of clamped predictions against ground truth, pixel by pixel.
    static func errors(predicted: [Double], groundTruth: [Double]) -> DepthErrors {
        var absRel = 0.0, sqRel = 0.0, squared = 0.0, squaredLog = 0.0
        var within = SIMD3<Double>.zero
        for (d, g) in zip(predicted, groundTruth) {
            let difference = d - g
            absRel += abs(difference) / g
            sqRel += difference * difference / g
            squared += difference * difference
            let logDifference = log(d) - log(g)
            squaredLog += logDifference * logDifference
            let ratio = max(d / g, g / d)
            within += SIMD3<Double>(ratio < 1.25 ? 1 : 0, ratio < 1.25 * 1.25 ? 1 : 0, ratio < 1.25 * 1.25 * 1.25 ? 1 : 0)
        }
        let n = Double(max(1, predicted.count))
        return DepthErrors(absRel: absRel / n, sqRel: sqRel / n, rmse: (squared / n).squareRoot(),
                           rmseLog: (squaredLog / n).squareRoot(), delta1: within.x / n, delta2: within.y / n,
                           delta3: within.z / n, pixelCount: predicted.count)
    }

    private static func mean(_ frames: [DepthErrors]) -> DepthErrors {
        let used = frames.filter { $0.pixelCount > 0 }
        let n = Double(max(1, used.count))
        func average(_ value: (DepthErrors) -> Double) -> Double { used.reduce(0) { $0 + value($1) } / n }
        return DepthErrors(absRel: average(\.absRel), sqRel: average(\.sqRel), rmse: average(\.rmse),
                           rmseLog: average(\.rmseLog), delta1: average(\.delta1), delta2: average(\.delta2),
                           delta3: average(\.delta3), pixelCount: frames.reduce(0) { $0 + $1.pixelCount })
    }

    /// median(truth) / median(prediction), or 1 when there is nothing to compare.
    static func ratioOfMedians(truth: [Float], prediction: [Float]) -> Double {
        guard !prediction.isEmpty else { return 1 }
        let predictedMedian = median(prediction)
        return predictedMedian > 0 ? median(truth) / predictedMedian : 1
    }

    /// The median (mean of the two middle values for even counts), found by selection in linear
    /// time rather than by sorting (`reconstruct` takes the median of every frame's depth map).
    static func median<Value: BinaryFloatingPoint>(_ values: [Value]) -> Double {
        precondition(!values.isEmpty, "median of no values")
        var buffer = values
        let middle = buffer.count / 2
        return buffer.withUnsafeMutableBufferPointer { buffer in
            let upper = Double(select(buffer, rank: middle))
            guard buffer.count % 2 == 0 else { return upper }
            // Selection leaves the values below the middle rank in front of it.
            return (Double(buffer[0..<middle].max()!) + upper) / 2
        }
    }

    /// Rearranges `values` so that `values[rank]` holds the value that sorting would put there,
    /// with no larger value before it and no smaller one after it, and returns that value
    /// (Hoare's selection with a median-of-three pivot). Values must be ordered (no NaN).
    static func select<Value: Comparable>(_ values: UnsafeMutableBufferPointer<Value>, rank: Int) -> Value {
        precondition(values.indices.contains(rank), "select: rank \(rank) of \(values.count) values")
        var low = 0, high = values.count - 1
        while low < high {
            let a = values[low], b = values[low + (high - low) / 2], c = values[high]
            let pivot = max(min(a, b), min(max(a, b), c))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now values[low...j] ≤ pivot ≤ values[i...high], and those between equal the pivot.
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                break
            }
        }
        return values[rank]
    }
}
