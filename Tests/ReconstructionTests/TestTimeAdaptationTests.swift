import DepthModels
import Foundation
import Geometry
import Reconstruction
import Sequences
import Testing

@Suite struct TestTimeAdaptationTests {
    /// The poses adaptation trains with follow the rendered walk (up to the Sim(3) that eval
    /// aligns with): one per frame, the first at the origin, within a few centimetres of the truth.
    @Test func trackedPosesFollowTheRenderedWalk() throws {
        let sequence = try RenderedLivingRoom.sequence()
        let truth = sequence.frames.map { $0.worldFromCamera! }
        var plain = sequence
        plain.frames = plain.frames.map { Frame(timestamp: $0.timestamp, image: $0.image) }
        let tracked = try TestTimeAdaptation.trackedPoses(model: try PackNetModel.shipped(), sequence: plain)
        #expect(tracked.count == truth.count)
        #expect(length(tracked[0].translation) < 1e-12 && length(tracked[0].rotation.axisAngle) < 1e-12)
        let metrics = TrajectoryMetrics.evaluate(estimated: tracked, groundTruth: truth)
        #expect(metrics.ateRMSE < 0.03, "ATE \(metrics.ateRMSE) m over a \(metrics.pathLength) m walk")
    }

    /// The score warps with the poses it is given: the true ones explain the frames better than
    /// the same poses each turned 2° one way or the other.
    @Test func photometricScoreWarpsWithTheGivenPoses() throws {
        let sequence = try RenderedLivingRoom.sequence()
        let truth = sequence.frames.map { $0.worldFromCamera! }
        let turned = truth.enumerated().map { index, pose in
            pose * RigidTransform(rotation: Matrix3.rotation(axisAngle: [0, 0.035 * (index % 2 == 0 ? 1 : -1), 0]), translation: .zero)
        }
        let model = try PackNetModel.shipped()
        let right = try TestTimeAdaptation.photometricScore(model: model, sequence: sequence, poses: truth)
        let wrong = try TestTimeAdaptation.photometricScore(model: model, sequence: sequence, poses: turned)
        #expect(right > 0 && right < 0.8 * wrong, "true poses \(right), turned \(wrong)")
    }
}
