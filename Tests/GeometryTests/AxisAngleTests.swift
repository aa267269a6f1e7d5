import Foundation
import Geometry
import Testing

@Suite struct AxisAngleTests {
    @Test func quarterTurnAboutZ() {
        let r = Matrix3.rotation(axisAngle: [0, 0, .pi / 2])
        #expect(maximumDifference(r, Matrix3(rows: [0, -1, 0], [1, 0, 0], [0, 0, 1])) < 1e-15)
        #expect(distance(r.axisAngle, [0, 0, .pi / 2]) < 1e-15)
    }

    @Test(arguments: randomSeeds)
    func logInvertsExpOverAllAngles(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let vector = generator.nextDouble(in: 0...(.pi - 1e-6)) * generator.nextUnitVector()
        let rotation = Matrix3.rotation(axisAngle: vector)
        #expect(rotationDefect(rotation) < 1e-14)
        #expect(distance(rotation.axisAngle, vector) < 1e-12, "\(vector)")
        #expect(maximumDifference(Matrix3.rotation(axisAngle: rotation.axisAngle), rotation) < 1e-14)
    }

    @Test(arguments: [0, 1e-300, 1e-16, 1e-12, 1e-9, 1e-7, 1e-5, 1e-3, 0.1])
    func roundTripNearZero(angle: Double) {
        var generator = SplitMix64(seed: angle.bitPattern)
        let vector = angle * generator.nextUnitVector()
        let rotation = Matrix3.rotation(axisAngle: vector)
        #expect(rotationDefect(rotation) < 1e-15)
        let back = rotation.axisAngle
        // Relative accuracy holds even for tiny angles: the skew part is exact to rounding.
        #expect(distance(back, vector) <= 1e-14 * max(angle, 1e-300) + 1e-300, "\(back) vs \(vector)")
    }

    @Test(arguments: [1e-3, 1e-6, 1e-9, 1e-12, 0])
    func roundTripNearPi(gap: Double) {
        var generator = SplitMix64(seed: 77)
        for _ in 0..<20 {
            let axis = generator.nextUnitVector(), angle = .pi - gap
            let rotation = Matrix3.rotation(axisAngle: angle * axis)
            let back = rotation.axisAngle
            #expect(abs(length(back) - angle) < 1e-12)
            #expect(maximumDifference(Matrix3.rotation(axisAngle: back), rotation) < 1e-14)
            if gap >= 1e-9 {
                // The direction is unambiguous (π − θ ≫ rounding): it must be the original one.
                #expect(distance(back, angle * axis) < 1e-9, "\(back) vs \(angle * axis)")
            } else {
                // At π, r and −r are the same rotation.
                #expect(min(distance(back, angle * axis), distance(back, -angle * axis)) < 1e-6)
            }
        }
    }

    @Test func halfTurnsAboutCoordinateAxes() {
        for axis: SIMD3<Double> in [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, 0, 0]] {
            let rotation = Matrix3.rotation(axisAngle: .pi * axis)
            let back = rotation.axisAngle
            #expect(abs(length(back) - .pi) < 1e-15)
            #expect(abs(abs(dot(normalize(back), axis)) - 1) < 1e-15)
        }
    }
}
