/// The 13 x 3 matrix M whose rows turn a residual's derivative by the point's position in the
/// target camera, d(brightness)/d(X_t), into its derivatives by the unknowns: rows 0..<6 the
/// target's translation and rotation, 6..<12 the host's, 12 the point's inverse depth. Stored by
/// column, so that products with M run along vectors: lane i of ``x`` is M[i][0], of ``y``
/// M[i][1], of ``z`` M[i][2]; lanes 13..<16 are zero.
@usableFromInline struct JacobianColumns {
    @usableFromInline let x, y, z: SIMD16<Double>

    /// The matrix with rows `rows`. (Each column built from its 16 lanes at once: lanes written
    /// one by one in a loop go through memory, and the vector loads that follow stall on them.)
    @inlinable @inline(__always)
    init(rows r: InlineArray<13, SIMD3<Double>>) {
        x = SIMD16(r[0].x, r[1].x, r[2].x, r[3].x, r[4].x, r[5].x, r[6].x, r[7].x,
                   r[8].x, r[9].x, r[10].x, r[11].x, r[12].x, 0, 0, 0)
        y = SIMD16(r[0].y, r[1].y, r[2].y, r[3].y, r[4].y, r[5].y, r[6].y, r[7].y,
                   r[8].y, r[9].y, r[10].y, r[11].y, r[12].y, 0, 0, 0)
        z = SIMD16(r[0].z, r[1].z, r[2].z, r[3].z, r[4].z, r[5].z, r[6].z, r[7].z,
                   r[8].z, r[9].z, r[10].z, r[11].z, r[12].z, 0, 0, 0)
    }

    /// `M v`: lane i is row i of M dotted with `v` (lanes 13..<16 zero).
    @inlinable @inline(__always)
    func times(_ v: SIMD3<Double>) -> SIMD16<Double> {
        x * v.x + y * v.y + z * v.z
    }
}
