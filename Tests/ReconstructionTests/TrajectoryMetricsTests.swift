import Foundation
import Geometry
import Reconstruction
import Testing

@Suite struct TrajectoryMetricsTests {
    /// A curving ground-truth path turning 10° per frame about the vertical axis.
    let truth: [RigidTransform] = (0..<8).map { i in
        let angle = Double(i) * 10 * .pi / 180
        return RigidTransform(rotation: .rotation(axisAngle: [0, angle, 0]),
                              translation: [cos(angle) * 2, 0.1 * Double(i), sin(angle) * 2])
    }

    @Test func aScaledRotatedCopyHasZeroErrorAfterSimilarityAlignment() {
        let change = SimilarityTransform(scale: 0.5, rotation: .rotation(axisAngle: [0.3, -0.2, 0.9]), translation: [1, 2, 3])
        let estimated = truth.map { change.apply($0) }
        let result = TrajectoryMetrics.evaluate(estimated: estimated, groundTruth: truth)
        #expect(abs(result.alignmentScale - 2) < 1e-9)
        #expect(result.ateRMSE < 1e-9 && result.rpeTranslationRMSE < 1e-9 && result.rpeRotationRMSEDegrees < 1e-6)
        let rigid = TrajectoryMetrics.evaluate(estimated: estimated, groundTruth: truth, alignment: .rigid)
        #expect(rigid.alignmentScale == 1 && rigid.ateRMSE > 0.1)
    }

    @Test func aStretchedLineHasTheHandComputedErrors() {
        let line = (0..<5).map { RigidTransform(translation: [Double($0), 0, 0]) }
        let stretched = (0..<5).map { RigidTransform(translation: [1.1 * Double($0), 0, 0]) }
        let raw = TrajectoryMetrics.evaluate(estimated: stretched, groundTruth: line, alignment: .none)
        // Centre errors 0, 0.1, 0.2, 0.3, 0.4: RMSE √0.06; each step is 0.1 too long.
        #expect(abs(raw.ateRMSE - 0.06.squareRoot()) < 1e-12)
        #expect(abs(raw.ateMaximum - 0.4) < 1e-12)
        #expect(raw.pathLength == 4)
        #expect(abs(raw.atePercentOfPath - 100 * 0.06.squareRoot() / 4) < 1e-9)
        #expect(abs(raw.rpeTranslationRMSE - 0.1) < 1e-12)
        let twoFrames = TrajectoryMetrics.evaluate(estimated: stretched, groundTruth: line, alignment: .none, rpeFrameOffset: 2)
        #expect(abs(twoFrames.rpeTranslationRMSE - 0.2) < 1e-12)
        let aligned = TrajectoryMetrics.evaluate(estimated: stretched, groundTruth: line)
        #expect(abs(aligned.alignmentScale - 1 / 1.1) < 1e-12 && aligned.ateRMSE < 1e-12)
    }

    @Test func rotationErrorsAreInDegrees() {
        let truth = (0..<4).map { RigidTransform(rotation: .rotation(axisAngle: [0, 0, Double($0) * 10 * .pi / 180])) }
        let estimated = (0..<4).map { RigidTransform(rotation: .rotation(axisAngle: [0, 0, Double($0) * 12 * .pi / 180])) }
        let result = TrajectoryMetrics.evaluate(estimated: estimated, groundTruth: truth, alignment: .none)
        #expect(abs(result.rpeRotationRMSEDegrees - 2) < 1e-9)
        #expect(result.ateRMSE == 0)
    }

    @Test func associationPairsNearestTimestampsWithinTheWindow() {
        let truth = [0.0, 0.1, 0.2, 0.3].map { TimedPose(timestamp: $0, worldFromCamera: RigidTransform(translation: [$0, 0, 0])) }
        let estimated = [0.005, 0.104, 0.25, 0.299].map { TimedPose(timestamp: $0, worldFromCamera: RigidTransform(translation: [0, $0, 0])) }
        let pairs = TrajectoryMetrics.associate(estimated: estimated, groundTruth: truth)
        #expect(pairs.estimated.map(\.translation.y) == [0.005, 0.104, 0.299])
        #expect(pairs.groundTruth.map(\.translation.x) == [0.0, 0.1, 0.3])
    }
}
