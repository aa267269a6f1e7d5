import Foundation
import Geometry
import Imaging
import Reconstruction
import Testing

@Suite struct DepthMetricsTests {
    let truth = DepthMap(width: 2, height: 2, depths: [1, 2, 4, 0])   // 0: invalid, not compared

    @Test func aScaledPredictionHasTheHandComputedErrors() {
        let predicted = DepthMap(width: 2, height: 2, depths: [2, 4, 8, 5])
        let raw = DepthMetrics.evaluate(predicted: [predicted], groundTruth: [truth], scaling: .none)
        // |2d − d| / d = 1 everywhere; (d)² / d = d → (1 + 2 + 4) / 3; RMSE √((1 + 4 + 16) / 3).
        #expect(raw.mean.absRel == 1)
        #expect(abs(raw.mean.sqRel - 7.0 / 3) < 1e-12)
        #expect(abs(raw.mean.rmse - (21.0 / 3).squareRoot()) < 1e-12)
        #expect(abs(raw.mean.rmseLog - log(2.0)) < 1e-12)
        #expect(raw.mean.delta1 == 0 && raw.mean.delta2 == 0 && raw.mean.delta3 == 0)   // 2 > 1.25³
        #expect(raw.mean.pixelCount == 3)
        for scaling in [DepthMetrics.Scaling.perFrameMedian, .globalMedian] {
            let scaled = DepthMetrics.evaluate(predicted: [predicted], groundTruth: [truth], scaling: scaling)
            #expect(scaled.scales == [0.5])
            #expect(scaled.mean.absRel == 0 && scaled.mean.rmse == 0 && scaled.mean.delta1 == 1)
        }
    }

    @Test func perFrameAndGlobalScalingDiffer() {
        let a = DepthMap(width: 1, height: 1, depths: [2]), b = DepthMap(width: 1, height: 1, depths: [4])
        let t = DepthMap(width: 1, height: 1, depths: [1])
        let perFrame = DepthMetrics.evaluate(predicted: [a, b], groundTruth: [t, t], scaling: .perFrameMedian)
        #expect(perFrame.scales == [0.5, 0.25] && perFrame.mean.absRel == 0)
        let global = DepthMetrics.evaluate(predicted: [a, b], groundTruth: [t, t], scaling: .globalMedian)
        // One scale, 1 / median(2, 4) = 1/3: predictions 2/3 and 4/3, AbsRel (1/3 + 1/3) / 2.
        #expect(global.scales == [1.0 / 3, 1.0 / 3])
        #expect(abs(global.mean.absRel - 1.0 / 3) < 1e-12)
    }

    @Test func depthsOutsideTheRangeAreCappedOrIgnored() {
        let truth = DepthMap(width: 3, height: 1, depths: [0.05, 5, 20])
        let predicted = DepthMap(width: 3, height: 1, depths: [1, 50, 1])
        let result = DepthMetrics.evaluate(predicted: [predicted], groundTruth: [truth], scaling: .none)
        // Only the 5 m pixel counts; the 50 m prediction is capped to 10 m.
        #expect(result.mean.pixelCount == 1)
        #expect(result.mean.absRel == 1)
        #expect(result.perFrame.count == 1)
    }
}

@Suite struct CloudMetricsTests {
    /// A 1 cm grid on the unit square of the plane z = 0.
    let plane: [SIMD3<Float>] = (0..<101).flatMap { i in (0..<101).map { j in SIMD3<Float>(Float(i) / 100, Float(j) / 100, 0) } }

    @Test func aShiftedCopyScoresByTheShift() {
        let shifted = plane.map { $0 + [0, 0, 0.07] }
        let result = CloudMetrics.evaluate(predicted: shifted, groundTruth: plane)
        #expect(abs(result.accuracy - 0.07) < 1e-6 && abs(result.completeness - 0.07) < 1e-6)
        #expect(result.scores.map(\.threshold) == [0.05, 0.10])
        #expect(result.scores[0] == CloudScore(threshold: 0.05, precision: 0, recall: 0, fScore: 0))
        #expect(result.scores[1] == CloudScore(threshold: 0.10, precision: 1, recall: 1, fScore: 1))
    }

    @Test func precisionAndRecallCountTheRightSides() {
        // The prediction covers the left half of the plane exactly, plus 100 far outliers.
        var predicted = plane.filter { $0.x <= 0.5 }
        let halfCount = predicted.count
        predicted += (0..<100).map { SIMD3<Float>(Float($0), 50, 3) }
        let result = CloudMetrics.evaluate(predicted: predicted, groundTruth: plane, thresholds: [0.045])
        let precision = Double(halfCount) / Double(predicted.count)
        let recall = Double(plane.filter { $0.x <= 0.545 }.count) / Double(plane.count)
        #expect(abs(result.scores[0].precision - precision) < 1e-12)
        #expect(abs(result.scores[0].recall - recall) < 1e-12)
        #expect(abs(result.scores[0].fScore - 2 * precision * recall / (precision + recall)) < 1e-12)
    }

    @Test func nearestDistancesMatchBruteForce() {
        var generator = SplitMix64(seed: 3)
        let points = (0..<3000).map { _ in SIMD3<Float>(generator.nextFloat(in: -2...2), generator.nextFloat(in: -1...1), generator.nextFloat(in: 0...0.1)) }
        let queries = (0..<300).map { _ in SIMD3<Float>(generator.nextFloat(in: -30...30), generator.nextFloat(in: -3...3), generator.nextFloat(in: -1...1)) }
        let result = CloudMetrics.evaluate(predicted: queries, groundTruth: points, thresholds: [0.05])
        let brute = queries.map { q in points.map { p in ((p - q) * (p - q)).sum().squareRoot() }.min()! }
        let expected = brute.reduce(0.0) { $0 + Double($1) } / Double(brute.count)
        #expect(abs(result.accuracy - expected) < 1e-5 * expected)
    }
}

