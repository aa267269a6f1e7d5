/// A rigid motion of 3D space (an element of SE(3)): `p ↦ rotation · p + translation`.
///
/// Name instances by the frames they connect, target first: `worldFromCamera` maps camera
/// coordinates to world coordinates; `sourceFromTarget` maps the target camera's frame into the
/// source camera's frame.
public struct RigidTransform: Equatable, Sendable {
    /// The rotation part, a proper orthonormal matrix.
    public var rotation: Matrix3
    /// The translation part.
    public var translation: SIMD3<Double>

    /// A transform from its parts.
    @inlinable public init(rotation: Matrix3 = .identity, translation: SIMD3<Double> = .zero) {
        self.rotation = rotation
        self.translation = translation
    }

    /// The identity motion.
    public static let identity = RigidTransform()

    /// Applies the motion to a point.
    @inlinable public func apply(_ point: SIMD3<Double>) -> SIMD3<Double> { rotation * point + translation }

    /// The inverse motion (`a.inverse * a == identity`).
    @inlinable public var inverse: RigidTransform {
        let rt = rotation.transposed
        return RigidTransform(rotation: rt, translation: -(rt * translation))
    }

    /// Composition: `(a * b).apply(p) == a.apply(b.apply(p))`, so
    /// `worldFromCamera * cameraFromObject == worldFromObject`.
    @inlinable public static func * (a: RigidTransform, b: RigidTransform) -> RigidTransform {
        RigidTransform(rotation: a.rotation * b.rotation, translation: a.rotation * b.translation + a.translation)
    }

    /// The 4x4 homogeneous matrix, row-major `[R t; 0 0 0 1]`.
    public var matrix4x4: [Double] {
        let r = rotation
        return [r[0, 0], r[0, 1], r[0, 2], translation.x,
                r[1, 0], r[1, 1], r[1, 2], translation.y,
                r[2, 0], r[2, 1], r[2, 2], translation.z,
                0, 0, 0, 1]
    }
}
