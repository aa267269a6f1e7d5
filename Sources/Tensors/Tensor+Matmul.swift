import Parallelism

// Matrix products: one large product through BLAS, and batches of small ones (camera transforms)
// by direct loops.

/// The matrix product `a · b` of `[m, k]` and `[k, n]` → `[m, n]`, through `BLAS.gemm`.
public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0],
                 "matmul: shapes \(a.shape) and \(b.shape) do not multiply")
    let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
    let output = TensorStorage(count: m * n)
    if k == 0 { output.fill(0) } else {
        BLAS.gemm(m: m, n: n, k: k, a: a.storage.pointer, lda: k, b: b.storage.pointer, ldb: n, c: output.pointer, ldc: n)
    }
    // d a = d c · bᵀ   ([m, n] · [n, k]);   d b = aᵀ · d c   ([k, m] · [m, n])
    return .result(shape: [m, n], storage: output, inputs: [a, b]) { gradient in
        guard m > 0, n > 0, k > 0 else { return }
        if let target = a.gradientTarget() {
            BLAS.gemm(transposeB: true, m: m, n: k, k: n, a: gradient, lda: n, b: b.storage.pointer, ldb: n,
                      beta: 1, c: target, ldc: k)
        }
        if let target = b.gradientTarget() {
            BLAS.gemm(transposeA: true, m: k, n: n, k: m, a: a.storage.pointer, lda: k, b: gradient, ldb: n,
                      beta: 1, c: target, ldc: n)
        }
    }
}

/// Per-batch matrix products `[B, m, k]` · `[B, k, n]` → `[B, m, n]` by direct loops: meant for
/// small `m` and `k` (3x3, 3x4, 4x4 camera transforms), with `n` small or long (a transform
/// applied to `[B, 4, H·W]` points). Rows are spread over the cores when `n` is long.
public func batchedMatmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition(a.rank == 3 && b.rank == 3 && a.shape[0] == b.shape[0] && a.shape[2] == b.shape[1],
                 "batchedMatmul: shapes \(a.shape) and \(b.shape) do not multiply")
    let (batch, m, k, n) = (a.shape[0], a.shape[1], a.shape[2], b.shape[2])
    let output = TensorStorage(count: batch * m * n)
    let left = a.storage.pointer, right = b.storage.pointer, result = output.pointer
    let rowsPerChunk = Swift.max(1, 16384 / Swift.max(1, k * n))
    // c[i, :] = Σ_p a[i, p] · b[p, :]     (one row of one item per iteration)
    Parallel.forEachChunk(batch * m, minimumPerChunk: rowsPerChunk) { rows in
        for row in rows {
            let item = row / m
            let coefficients = left + row * k, matrixB = right + item * k * n, out = result + row * n
            out.update(repeating: 0, count: n)
            for p in 0..<k {
                let coefficient = coefficients[p], line = matrixB + p * n
                for j in 0..<n { out[j] += coefficient * line[j] }
            }
        }
    }
    // d a[i, p] = Σ_j d c[i, j] · b[p, j];   d b[p, :] = Σ_i a[i, p] · d c[i, :]
    return .result(shape: [batch, m, n], storage: output, inputs: [a, b]) { gradient in
        let left = a.storage.pointer, right = b.storage.pointer
        if let target = a.gradientTarget() {
            Parallel.forEachChunk(batch * m, minimumPerChunk: rowsPerChunk) { rows in
                for row in rows {
                    let item = row / m
                    let upstream = gradient + row * n, matrixB = right + item * k * n
                    for p in 0..<k {
                        let line = matrixB + p * n
                        var total = 0.0
                        for j in 0..<n { total += Double(upstream[j] * line[j]) }
                        target[row * k + p] += Float(total)
                    }
                }
            }
        }
        if let target = b.gradientTarget() {
            Parallel.forEachChunk(batch * k, minimumPerChunk: Swift.max(1, 16384 / Swift.max(1, m * n))) { rows in
                for row in rows {
                    let item = row / k, p = row - item * k
                    let out = target + row * n
                    for i in 0..<m {
                        let coefficient = left[(item * m + i) * k + p], upstream = gradient + (item * m + i) * n
                        for j in 0..<n { out[j] += coefficient * upstream[j] }
                    }
                }
            }
        }
    }
}
