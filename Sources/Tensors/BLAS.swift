import COpenBLAS
import Parallelism

/// The one place that talks to OpenBLAS: single-precision matrix products in row-major order.
///
/// OpenBLAS runs single-threaded; large products are split into one block of C per core here
/// instead. Its own threads busy-wait between calls and took CPU time from the
/// convolution kernels and elementwise loops that run between products: splitting measured a
/// training step 23 % faster (883 → 679 ms, docs/benchmarks.md).
public enum BLAS {
    /// How a product uses the cores.
    public enum Threading: Sendable {
        /// Blocks of C split across ``Parallelism/Parallel``'s workers, OpenBLAS single-threaded
        /// in each (the default).
        case splitAcrossCores
        /// One OpenBLAS call with its own threads, one per core: for the Benchmarks ceiling only.
        /// It changes OpenBLAS's global thread count for the call, so nothing else may multiply
        /// meanwhile.
        case openBLASThreads
        /// One single-threaded OpenBLAS call on the calling thread: for products that the
        /// caller has already split across cores.
        case callingThread
    }

    /// `C = alpha · op(A) · op(B) + beta · C`, row-major, where `op(X)` is `X` or its transpose.
    ///
    /// - Parameters:
    ///   - m: rows of `op(A)` and `C`; `n`: columns of `op(B)` and `C`; `k`: the shared extent.
    ///   - lda, ldb, ldc: row strides of the stored matrices (not of `op(·)`).
    ///   - threading: ``Threading/splitAcrossCores`` unless comparing with OpenBLAS's threads or
    ///     already running on one core of a split (``Threading/callingThread``).
    /// The partition depends only on the sizes, so results are bit-identical run to run.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        threading: Threading = .splitAcrossCores
    ) {
        _ = singleThreadedLibrary
        if threading == .openBLASThreads {
            openblas_set_num_threads(Int32(Parallel.workerCount))
            defer { openblas_set_num_threads(1) }
            product(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        let worthSplitting = threading == .splitAcrossCores && m * n * k >= minimumSplitWork && max(m, n) >= 2 * minimumBlock
        guard worthSplitting && Parallel.workerCount > 1 else {
            product(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        if n >= m || n >= 4 * minimumBlock {
            // Column blocks of C: the same columns of op(B).
            Parallel.forEachChunk(n, minimumPerChunk: minimumBlock) { columns in
                let blockOfB = transposeB ? b + columns.lowerBound * ldb : b + columns.lowerBound
                product(transposeA, transposeB, m, columns.count, k, alpha, a, lda, blockOfB, ldb,
                        beta, c + columns.lowerBound, ldc)
            }
        } else {
            // Row blocks of C: the same rows of op(A).
            Parallel.forEachChunk(m, minimumPerChunk: minimumBlock) { rows in
                let blockOfA = transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda
                product(transposeA, transposeB, rows.count, n, k, alpha, blockOfA, lda, b, ldb,
                        beta, c + rows.lowerBound * ldc, ldc)
            }
        }
    }

    /// The OpenBLAS kernel family in use, as OpenBLAS names it ("Haswell", "SkylakeX", ...): its
    /// own choice for the CPU, the one the `OPENBLAS_CORETYPE` environment variable forces, or
    /// ``BLASKernelFamily``'s correction for a CPU newer than the library.
    public static var kernelFamily: String {
        _ = singleThreadedLibrary
        return String(cString: openblas_get_corename())
    }

    /// Products smaller than this many multiply-adds run in one call.
    private static let minimumSplitWork = 1 << 21
    /// The narrowest block of rows or columns a product is split into.
    private static let minimumBlock = 16

    /// The library with its kernel family corrected and its own threads off.
    private static let singleThreadedLibrary: Void = {
        _ = BLASKernelFamily.corrected
        openblas_set_num_threads(1)
    }()

    private static func product(
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
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
}
