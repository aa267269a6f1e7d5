/// Eigen-decomposition of a symmetric 3x3 matrix by cyclic Jacobi rotations.
///
/// Returns the eigenvalues in descending order and an orthonormal matrix whose columns are the
/// matching eigenvectors, so that `m == vectors * diag(values) * vectors.transposed` to rounding.
/// Only the upper triangle of `m` is read. Jacobi is slow for big matrices but, at 3x3, simple,
/// accurate for tiny eigenvalues, and converges in a handful of sweeps.
public func symmetricEigen(_ m: Matrix3) -> (values: SIMD3<Double>, vectors: Matrix3) {
    var a = [[m[0, 0], m[0, 1], m[0, 2]], [m[0, 1], m[1, 1], m[1, 2]], [m[0, 2], m[1, 2], m[2, 2]]]
    var v: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    for _ in 0..<64 {
        let offDiagonal = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2]
        let diagonal = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2]
        if offDiagonal <= 1e-32 * diagonal || offDiagonal == 0 { break }
        for (p, q) in [(0, 1), (0, 2), (1, 2)] where a[p][q] != 0 {
            // Rotation angle that zeroes a[p][q]: tan 2φ = 2 a_pq / (a_qq − a_pp); take the
            // smaller root t = tan φ for stability.
            let tau = (a[q][q] - a[p][p]) / (2 * a[p][q])
            let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
            let c = 1 / (1 + t * t).squareRoot(), s = t * c
            for k in 0..<3 {
                let akp = a[k][p], akq = a[k][q]
                a[k][p] = c * akp - s * akq
                a[k][q] = s * akp + c * akq
            }
            for k in 0..<3 {
                let apk = a[p][k], aqk = a[q][k]
                a[p][k] = c * apk - s * aqk
                a[q][k] = s * apk + c * aqk
            }
            for k in 0..<3 {
                let vkp = v[k][p], vkq = v[k][q]
                v[k][p] = c * vkp - s * vkq
                v[k][q] = s * vkp + c * vkq
            }
        }
    }
    let order = [0, 1, 2].sorted { a[$0][$0] > a[$1][$1] }
    let values = SIMD3<Double>(a[order[0]][order[0]], a[order[1]][order[1]], a[order[2]][order[2]])
    let vectors = Matrix3(rows: [v[0][order[0]], v[0][order[1]], v[0][order[2]]],
                          [v[1][order[0]], v[1][order[1]], v[1][order[2]]],
                          [v[2][order[0]], v[2][order[1]], v[2][order[2]]])
    return (values, vectors)
}
