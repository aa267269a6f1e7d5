import Geometry
import Tensors
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

    @Test func mixedMotionsTakeEachHalfFromItsOwnInputAndSendGradientsOnlyThere() {
        let known = Tensor(shape: [2, 6], values: (0..<12).map { Float($0) })
        let predicted = Tensor(shape: [2, 6], values: (0..<12).map { Float(100 + $0) }, requiresGradient: true)
        let mixed = motions(rotationsOf: known, translationsOf: predicted)
        #expect(mixed.shape == [2, 6])
        #expect(mixed.values == [0, 1, 2, 103, 104, 105, 6, 7, 8, 109, 110, 111])
        (mixed * Tensor(shape: [2, 6], values: (1...12).map(Float.init))).sum().backward()
        #expect(predicted.gradient?.values == [0, 0, 0, 4, 5, 6, 0, 0, 0, 10, 11, 12])
    }
}
