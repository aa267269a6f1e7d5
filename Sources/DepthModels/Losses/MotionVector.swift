import Geometry

extension RigidTransform {
    /// This motion in the pose network's output convention: the axis-angle rotation
    /// (rx, ry, rz), then the translation (tx, ty, tz) in metres.
    public var motionVector: [Float] {
        let rotation = self.rotation.axisAngle
        return [rotation.x, rotation.y, rotation.z, translation.x, translation.y, translation.z].map(Float.init)
    }

    /// The motion given by six numbers in the pose network's output convention (see
    /// ``motionVector``).
    public init(motionVector values: [Float]) {
        precondition(values.count == 6, "RigidTransform(motionVector:): \(values.count) values, expected 6")
        self.init(rotation: Matrix3.rotation(axisAngle: SIMD3(Double(values[0]), Double(values[1]), Double(values[2]))),
                  translation: SIMD3(Double(values[3]), Double(values[4]), Double(values[5])))
    }
}
