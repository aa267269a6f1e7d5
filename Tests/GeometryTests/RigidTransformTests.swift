import Testing
import Geometry

@Suite struct RigidTransformTests {
    let quarterTurnAboutZ = RigidTransform(rotation: Matrix3(rows: [0, -1, 0], [1, 0, 0], [0, 0, 1]), translation: [1, 2, 3])

    @Test func inverseUndoesTheMotion() {
        let p: SIMD3<Double> = [0.3, -2, 5]
        let back = quarterTurnAboutZ.inverse.apply(quarterTurnAboutZ.apply(p))
        #expect(distance(back, p) < 1e-12)
    }

    @Test func compositionAppliesRightFirst() {
        let shift = RigidTransform(translation: [1, 0, 0])
        let p: SIMD3<Double> = [1, 1, 1]
        #expect((quarterTurnAboutZ * shift).apply(p) == quarterTurnAboutZ.apply(shift.apply(p)))
    }

    @Test func projectInvertsBackproject() {
        let camera = Intrinsics(fx: 500, fy: 480, cx: 319.5, cy: 239.5, width: 640, height: 480)
        let pixel: SIMD2<Double> = [100.25, 400.75]
        let p = camera.project(camera.backproject(pixel: pixel, depth: 2.5))
        #expect(distance(p, pixel) < 1e-9)
    }
}
