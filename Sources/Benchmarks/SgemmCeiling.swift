import Foundation
import Tensors

/// The machine's sgemm rate in GFLOP/s for a 1024-cube product (best of `repeats`): the
/// ceiling the convolution and training rates are compared with. The better of PackSfM's
/// products (split across cores) and OpenBLAS's own threads, so that neither flatters the ratios.
/// OpenBLAS's threads keep spinning for a while after their last product and would take a core
/// from whatever is timed next (small layers measured 3-4x slow right after a sample), so it
/// returns only once they have gone back to sleep.
func sgemmGigaflops(repeats: Int) -> Double {
    let size = 1024
    let a = Tensor(repeating: 0.5, shape: [size, size]), b = Tensor(repeating: 0.25, shape: [size, size])
    let c = Tensor.zeros([size, size])
    let seconds = [BLAS.Threading.splitAcrossCores, .openBLASThreads].map { threading in
        measureSeconds(repeats: repeats) {
            BLAS.gemm(m: size, n: size, k: size, a: a.storage.pointer, lda: size, b: b.storage.pointer, ldb: size,
                      c: c.storage.pointer, ldc: size, threading: threading)
        }
    }.min()!
    Thread.sleep(forTimeInterval: 2.0)
    return 2 * Double(size * size * size) / seconds / 1e9
}
