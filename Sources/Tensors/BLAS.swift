import COpenBLAS

/// The one place that talks to OpenBLAS: single-precision matrix products in row-major order.
public enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C`, row-major, where `op(X)` is `X` or its transpose.
    ///
    /// - Parameters:
    ///   - m: rows of `op(A)` and `C`; `n`: columns of `op(B)` and `C`; `k`: the shared extent.
    ///   - lda, ldb, ldc: row strides of the stored matrices (not of `op(·)`).
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k),
            alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc)
        )
    }

    /// Number of threads OpenBLAS uses for one product.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
