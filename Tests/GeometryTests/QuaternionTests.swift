import Foundation
import Geometry
import Testing

@Suite struct QuaternionTests {
    @Test func quarterTurnAboutZIsTheHamiltonConvention() {
        let q = Quaternion(x: 0, y: 0, z: sin(Double.pi / 4), w: cos(Double.pi / 4))
        #expect(maximumDifference(Matrix3(q), Matrix3(rows: [0, -1, 0], [1, 0, 0], [0, 0, 1])) < 1e-15)
        // i · j = k
        let k = Quaternion(x: 1, y: 0, z: 0, w: 0) * Quaternion(x: 0, y: 1, z: 0, w: 0)
        #expect(k == Quaternion(x: 0, y: 0, z: 1, w: 0))
    }

    @Test(arguments: randomSeeds)
    func matrixRoundTrip(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let rotation = generator.nextRotation()
        let q = Quaternion(rotation: rotation)
        #expect(abs(q.norm - 1) < 1e-15 && q.w >= 0)
        #expect(maximumDifference(Matrix3(q), rotation) < 1e-14)
        // Back to the same quaternion (the sign is fixed by w ≥ 0).
        let again = Quaternion(rotation: Matrix3(q))
        #expect(abs(again.x - q.x) + abs(again.y - q.y) + abs(again.z - q.z) + abs(again.w - q.w) < 1e-14)
    }

    /// Half turns and near-half turns use the branches of Shepperd's method other than the trace.
    @Test(arguments: [SIMD3<Double>(1, 0, 0), [0, 1, 0], [0, 0, 1], [1, 1, 0], [0.2, -0.3, 0.9], [1, 1, 1]])
    func matrixRoundTripNearHalfTurns(axis: SIMD3<Double>) {
        for angle in [Double.pi, .pi - 1e-9, .pi - 1e-4, 2.5] {
            let rotation = Matrix3.rotation(axisAngle: angle * normalize(axis))
            let q = Quaternion(rotation: rotation)
            #expect(q.w >= 0)
            #expect(maximumDifference(Matrix3(q), rotation) < 1e-14, "angle \(angle)")
        }
    }

    @Test(arguments: randomSeeds)
    func productComposesRotations(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let a = Quaternion(rotation: generator.nextRotation()), b = Quaternion(rotation: generator.nextRotation())
        #expect(maximumDifference(Matrix3(a * b), Matrix3(a) * Matrix3(b)) < 1e-14)
        #expect(maximumDifference(Matrix3(a.conjugate), Matrix3(a).transposed) < 1e-15)
    }

    @Test func rigidTransformFromQuaternion() {
        var generator = SplitMix64(seed: 3)
        let q = Quaternion(rotation: generator.nextRotation())
        let scaled = Quaternion(x: q.x * 2, y: q.y * 2, z: q.z * 2, w: q.w * 2)
        let transform = RigidTransform(rotation: scaled, translation: [1, 2, 3])
        #expect(rotationDefect(transform.rotation) < 1e-15)
        let back = transform.quaternion
        #expect(abs(back.x - q.x) + abs(back.y - q.y) + abs(back.z - q.z) + abs(back.w - q.w) < 1e-14)
    }
}
