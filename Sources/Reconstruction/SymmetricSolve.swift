/// Solves the symmetric positive-definite system `a x = b` (`a` row-major, n x n with n =
/// `b.count`) by Cholesky; `nil` when `a` is not positive definite.
func solveSymmetricPositiveDefinite(_ a: [Double], _ b: [Double]) -> [Double]? {
    let n = b.count
    precondition(a.count == n * n, "solveSymmetricPositiveDefinite: \(a.count) matrix entries for \(n) unknowns")
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0...i {
            var sum = a[i * n + j]
            for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
            if i == j {
                guard sum > 0 else { return nil }
                l[i * n + i] = sum.squareRoot()
            } else {
                l[i * n + j] = sum / l[j * n + j]
            }
        }
    }
    var y = [Double](repeating: 0, count: n)
    for i in 0..<n {
        var sum = b[i]
        for k in 0..<i { sum -= l[i * n + k] * y[k] }
        y[i] = sum / l[i * n + i]
    }
    var x = [Double](repeating: 0, count: n)
    for i in (0..<n).reversed() {
        var sum = y[i]
        for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
        x[i] = sum / l[i * n + i]
    }
    return x
}
