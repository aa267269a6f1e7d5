/// A similarity of 3D space (an element of Sim(3)): `p ↦ scale · rotation · p + translation`.
///
/// Aligns a trajectory known up to scale (monocular reconstruction) with ground truth.
public struct SimilarityTransform: Equatable, Sendable {
    /// The uniform scale factor (positive).
    public var scale: Double
    /// The rotation part, a proper orthonormal matrix.
    public var rotation: Matrix3
    /// The translation part.
    public var translation: SIMD3<Double>

    /// A transform from its parts.
    public init(scale: Double = 1, rotation: Matrix3 = .identity, translation: SIMD3<Double> = .zero) {
        self.scale = scale
        self.rotation = rotation
        self.translation = translation
    }

    /// The identity.
    public static let identity = SimilarityTransform()

    /// Applies the similarity to a point.
    public func apply(_ point: SIMD3<Double>) -> SIMD3<Double> { scale * (rotation * point) + translation }

    /// Applies the similarity to a camera pose `worldFromCamera`: the camera moves with the
    /// world (its centre is `apply`'d, its orientation rotated) and keeps its metric frame.
    public func apply(_ pose: RigidTransform) -> RigidTransform {
        RigidTransform(rotation: rotation * pose.rotation, translation: apply(pose.translation))
    }

    /// The inverse similarity (`a.inverse * a == identity`).
    public var inverse: SimilarityTransform {
        let rt = rotation.transposed
        return SimilarityTransform(scale: 1 / scale, rotation: rt, translation: -(rt * translation) / scale)
    }

    /// Composition: `(a * b).apply(p) == a.apply(b.apply(p))`.
    public static func * (a: SimilarityTransform, b: SimilarityTransform) -> SimilarityTransform {
        SimilarityTransform(scale: a.scale * b.scale, rotation: a.rotation * b.rotation,
                            translation: a.scale * (a.rotation * b.translation) + a.translation)
    }
}

/// The similarity that best maps `source` onto `target` in the least-squares sense,
/// `argmin Σ |target_i − (s R source_i + t)|²` (Umeyama, "Least-squares estimation of
/// transformation parameters between two point patterns", IEEE TPAMI 1991).
///
/// With `estimateScale` false the scale is fixed to 1 (a rigid alignment). The result is always
/// a proper rotation (reflections are excluded by the sign correction of the paper's eq. 39).
/// Degenerate inputs still give a valid transform: with collinear points the rotation about
/// their line is arbitrary, with a single distinct point the rotation is the identity.
public func umeyamaAlignment(from source: [SIMD3<Double>], to target: [SIMD3<Double>],
                             estimateScale: Bool = true) -> SimilarityTransform {
    precondition(source.count == target.count && !source.isEmpty,
                 "umeyamaAlignment: \(source.count) source points vs \(target.count) target points")
    let n = Double(source.count)
    let sourceMean = source.reduce(.zero, +) / n, targetMean = target.reduce(.zero, +) / n
    var covariance = Matrix3(rows: .zero, .zero, .zero)  // (1/n) Σ (y − μy)(x − μx)ᵀ
    var sourceVariance = 0.0
    for (x, y) in zip(source, target) {
        let dx = x - sourceMean, dy = y - targetMean
        covariance = covariance + Matrix3(rows: dy.x * dx, dy.y * dx, dy.z * dx)
        sourceVariance += dot(dx, dx)
    }
    covariance = (1 / n) * covariance
    sourceVariance /= n

    let (u, singularValues, v) = properSingularValueDecomposition(covariance)
    let rotation = u * v.transposed
    let scale = estimateScale && sourceVariance > 0
        ? (singularValues.x + singularValues.y + singularValues.z) / sourceVariance : 1
    return SimilarityTransform(scale: scale, rotation: rotation, translation: targetMean - scale * (rotation * sourceMean))
}

/// `m = U · diag(σ) · Vᵀ` with `U` and `V` proper rotations (determinant +1) and
/// `σ1 ≥ σ2 ≥ |σ3|`; `σ3` carries the sign of `det m`. With this form, Umeyama's reflection
/// correction `U · diag(1, 1, det U · det V) · Vᵀ` of an ordinary SVD is simply `U · Vᵀ`, and
/// its scale numerator `tr(D S)` is `σ1 + σ2 + σ3`.
func properSingularValueDecomposition(_ m: Matrix3) -> (u: Matrix3, singularValues: SIMD3<Double>, v: Matrix3) {
    // V from the eigenvectors of mᵀm (eigenvalues σ²), made a proper rotation.
    var (_, v) = symmetricEigen(m.transposed * m)
    if v.determinant < 0 { v = Matrix3(rows: v.rows.0 * [1, 1, -1], v.rows.1 * [1, 1, -1], v.rows.2 * [1, 1, -1]) }
    let image1 = m * v.column(0), image2 = m * v.column(1)
    let sigma1 = length(image1)
    // Where m has no image to read a column of U from (rank ≤ 1), the matching column of V is
    // used instead, so a degenerate input rotates as little as possible (zero m gives U = V).
    let u1 = sigma1 > 0 ? image1 / sigma1 : v.column(0)
    // Second column: m·v2 without its (rounding-level) component along u1.
    let w = image2 - dot(u1, image2) * u1, wLength = length(w)
    let u2 = wLength > 0 && wLength > 1e-12 * sigma1 ? w / wLength : perpendicular(to: u1, near: v.column(1))
    let u3 = cross(u1, u2)
    let u = Matrix3(rows: [u1.x, u2.x, u3.x], [u1.y, u2.y, u3.y], [u1.z, u2.z, u3.z])
    let sigma = SIMD3<Double>(sigma1, dot(u2, image2), dot(u3, m * v.column(2)))
    return (u, sigma, v)
}

/// The unit vector perpendicular to the unit vector `direction` closest to `preferred`, or any
/// perpendicular unit vector when `preferred` is parallel to `direction`.
private func perpendicular(to direction: SIMD3<Double>, near preferred: SIMD3<Double>) -> SIMD3<Double> {
    let candidate = preferred - dot(direction, preferred) * direction
    if length(candidate) > 1e-6 { return normalize(candidate) }
    // Cross with the coordinate axis least aligned with `direction`: |result| ≥ sqrt(2/3).
    let axis: SIMD3<Double> = abs(direction.x) <= abs(direction.y) && abs(direction.x) <= abs(direction.z)
        ? [1, 0, 0] : (abs(direction.y) <= abs(direction.z) ? [0, 1, 0] : [0, 0, 1])
    return normalize(cross(direction, axis))
}
