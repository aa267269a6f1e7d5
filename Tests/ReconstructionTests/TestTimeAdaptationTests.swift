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
}
