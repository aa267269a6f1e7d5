import Geometry
import Testing
@testable import DepthModels

@Suite struct MotionVectorTests {
    @Test func sixNumbersRoundTripThroughARigidTransform() {
        let values: [Float] = [0.02, -0.31, 0.11, 0.4, -0.05, 1.2]
        let motion = RigidTransform(motionVector: values)
        #expect(abs(length(motion.rotation.axisAngle) - 0.329545) < 1e-5)
        #expect(motion.translation == SIMD3(Double(Float(0.4)), Double(Float(-0.05)), Double(Float(1.2))))
        let back = motion.motionVector
        #expect(zip(back, values).allSatisfy { abs($0 - $1) < 1e-6 }, "\(back)")
    }
}
