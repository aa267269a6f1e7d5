import Geometry
import Tensors

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

/// Motions [N, 6] in the pose network's output convention with the rotations (the first three
/// numbers) of `rotations` and the translations (the last three) of `translations`, both
/// [N, 6]; each input's gradient comes through its own half only.
public func motions(rotationsOf rotations: Tensor, translationsOf translations: Tensor) -> Tensor {
    precondition(rotations.shape == translations.shape && rotations.shape.count == 2 && rotations.shape[1] == 6,
                 "motions(rotationsOf:translationsOf:): shapes \(rotations.shape) and \(translations.shape), expected two [N, 6]")
    return concatenate([rotations.sliced(axis: 1, range: 0..<3), translations.sliced(axis: 1, range: 3..<6)], axis: 1)
}
