import Foundation

/// A quaternion `w + x·i + y·j + z·k` (Hamilton convention: `i·j = k`). Unit quaternions
/// represent rotations, in the order of TUM trajectories: `qx qy qz qw`.
public struct Quaternion: Equatable, Sendable {
    /// Vector part.
    public var x: Double, y: Double, z: Double
    /// Scalar part.
    public var w: Double

    /// A quaternion from its parts.
    public init(x: Double, y: Double, z: Double, w: Double) {
        self.x = x; self.y = y; self.z = z; self.w = w
    }

    /// The identity rotation.
    public static let identity = Quaternion(x: 0, y: 0, z: 0, w: 1)

    /// The Euclidean norm of the four components.
    public var norm: Double { (x * x + y * y + z * z + w * w).squareRoot() }

    /// This quaternion scaled to unit norm (it must not be zero).
    public var normalized: Quaternion {
        let n = norm
        return Quaternion(x: x / n, y: y / n, z: z / n, w: w / n)
    }

    /// The conjugate `w − x·i − y·j − z·k` (the inverse rotation of a unit quaternion).
    public var conjugate: Quaternion { Quaternion(x: -x, y: -y, z: -z, w: w) }

    /// The Hamilton product; for unit quaternions `Matrix3(a * b) == Matrix3(a) * Matrix3(b)`.
    public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
                   y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
                   z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
                   w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z)
    }

    /// The unit quaternion of a rotation matrix, with `w ≥ 0`.
    ///
    /// Shepperd's method: of `1 + trace`, `1 + 2·m00 − trace`, ... the largest is used for the
    /// square root, so the division that follows is never by a small number.
    public init(rotation m: Matrix3) {
        let trace = m[0, 0] + m[1, 1] + m[2, 2]
        var q: Quaternion
        if trace >= m[0, 0] && trace >= m[1, 1] && trace >= m[2, 2] {
            let w = 0.5 * (1 + trace).squareRoot(), f = 0.25 / w
            q = Quaternion(x: (m[2, 1] - m[1, 2]) * f, y: (m[0, 2] - m[2, 0]) * f, z: (m[1, 0] - m[0, 1]) * f, w: w)
        } else if m[0, 0] >= m[1, 1] && m[0, 0] >= m[2, 2] {
            let x = 0.5 * (1 + m[0, 0] - m[1, 1] - m[2, 2]).squareRoot(), f = 0.25 / x
            q = Quaternion(x: x, y: (m[0, 1] + m[1, 0]) * f, z: (m[0, 2] + m[2, 0]) * f, w: (m[2, 1] - m[1, 2]) * f)
        } else if m[1, 1] >= m[2, 2] {
            let y = 0.5 * (1 - m[0, 0] + m[1, 1] - m[2, 2]).squareRoot(), f = 0.25 / y
            q = Quaternion(x: (m[0, 1] + m[1, 0]) * f, y: y, z: (m[1, 2] + m[2, 1]) * f, w: (m[0, 2] - m[2, 0]) * f)
        } else {
            let z = 0.5 * (1 - m[0, 0] - m[1, 1] + m[2, 2]).squareRoot(), f = 0.25 / z
            q = Quaternion(x: (m[0, 2] + m[2, 0]) * f, y: (m[1, 2] + m[2, 1]) * f, z: z, w: (m[1, 0] - m[0, 1]) * f)
        }
        q = q.normalized
        self = q.w < 0 ? Quaternion(x: -q.x, y: -q.y, z: -q.z, w: -q.w) : q
    }
}

extension Matrix3 {
    /// The rotation matrix of `quaternion` (normalised first).
    public init(_ quaternion: Quaternion) {
        let q = quaternion.normalized
        let (x, y, z, w) = (q.x, q.y, q.z, q.w)
        self.init(rows: [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                  [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                  [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)])
    }
}

extension RigidTransform {
    /// A transform from a rotation quaternion (normalised first) and a translation.
    public init(rotation quaternion: Quaternion, translation: SIMD3<Double>) {
        self.init(rotation: Matrix3(quaternion), translation: translation)
    }

    /// The rotation as a unit quaternion with `w ≥ 0`.
    public var quaternion: Quaternion { Quaternion(rotation: rotation) }
}
