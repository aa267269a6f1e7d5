import Foundation

extension Matrix3 {
    /// The rotation by `|axisAngle|` radians about `axisAngle`'s direction (the exponential map
    /// of so(3), Rodrigues' formula): `R = I + (sin θ / θ)·[r]× + ((1 − cos θ) / θ²)·[r]×²`.
    ///
    /// `(1 − cos θ) / θ²` is evaluated as `2 sin²(θ/2) / θ²`, which keeps full precision for
    /// small angles; below 1e-8 rad the limits 1 and 1/2 are used.
    public static func rotation(axisAngle r: SIMD3<Double>) -> Matrix3 {
        let theta = length(r)
        let a: Double, b: Double
        if theta < 1e-8 {
            a = 1; b = 0.5
        } else {
            let halfSine = sin(theta / 2)
            a = sin(theta) / theta
            b = 2 * halfSine * halfSine / (theta * theta)
        }
        let k = Matrix3(rows: [0, -r.z, r.y], [r.z, 0, -r.x], [-r.y, r.x, 0])
        return .identity + a * k + b * (k * k)
    }

    /// The axis-angle vector `θ·axis` of this rotation with `θ` in `[0, π]` (the logarithm map,
    /// inverse of ``rotation(axisAngle:)``).
    ///
    /// The angle comes from `atan2(|v|, (trace − 1) / 2)` with `v` the skew part
    /// (`v = sin θ · axis`), accurate at every angle. For `θ ≤ π/2` the axis is `v / |v|`; beyond,
    /// where `v` shrinks towards π, the axis is read from the symmetric part
    /// `(R + Rᵀ)/2 − cos θ·I = (1 − cos θ)·axis·axisᵀ`, its sign taken from `v`.
    public var axisAngle: SIMD3<Double> {
        let v = 0.5 * SIMD3<Double>(self[2, 1] - self[1, 2], self[0, 2] - self[2, 0], self[1, 0] - self[0, 1])
        let sine = length(v), cosine = (self[0, 0] + self[1, 1] + self[2, 2] - 1) / 2
        let theta = atan2(sine, cosine)
        if cosine >= 0 {
            // θ / sin θ → 1 as θ → 0.
            return sine < 1e-12 ? v : v * (theta / sine)
        }
        let scale = 1 / (1 - cosine)
        let diagonal = SIMD3<Double>(self[0, 0] - cosine, self[1, 1] - cosine, self[2, 2] - cosine) * scale
        let i = diagonal.x >= diagonal.y && diagonal.x >= diagonal.z ? 0 : (diagonal.y >= diagonal.z ? 1 : 2)
        let axisI = diagonal[i].squareRoot()
        var axis = SIMD3<Double>.zero
        for j in 0..<3 {
            axis[j] = j == i ? axisI : 0.5 * (self[i, j] + self[j, i]) * scale / axisI
        }
        axis = normalize(axis)
        return (dot(axis, v) < 0 ? -theta : theta) * axis
    }
}
