import Testing
@testable import Tensors

/// Products split across cores against a plain triple loop, for every transposition and for
/// both split directions.
@Suite struct BLASTests {
    /// (m, n, k): split by columns (n ≥ m), by rows (m ≫ n), and one too small to split.
    static let sizes: [(Int, Int, Int)] = [(40, 300, 200), (300, 20, 400), (7, 9, 5)]

    @Test(arguments: sizes, [(false, false), (true, false), (false, true), (true, true)])
    func splitProductsMatchATripleLoop(_ size: (Int, Int, Int), _ transposes: (Bool, Bool)) {
        let (m, n, k) = size, (transposeA, transposeB) = transposes
        let a = ConvFixtures.random([m * k], seed: 51).values, b = ConvFixtures.random([k * n], seed: 52).values
        let initial = ConvFixtures.random([m * n], seed: 53).values
        // Stored shapes: A is [m, k] or [k, m]; B is [k, n] or [n, k].
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        func elementOfA(_ i: Int, _ l: Int) -> Double { Double(transposeA ? a[l * lda + i] : a[i * lda + l]) }
        func elementOfB(_ l: Int, _ j: Int) -> Double { Double(transposeB ? b[j * ldb + l] : b[l * ldb + j]) }
        func run(_ threading: BLAS.Threading) -> [Float] {
            var c = initial
            c.withUnsafeMutableBufferPointer { c in
                BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 0.5,
                          a: a, lda: lda, b: b, ldb: ldb, beta: 2, c: c.baseAddress!, ldc: n, threading: threading)
            }
            return c
        }
        let split = run(.splitAcrossCores)
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                let expected = 0.5 * (0..<k).reduce(0.0) { $0 + elementOfA(i, $1) * elementOfB($1, j) } + 2 * Double(initial[i * n + j])
                worst = max(worst, abs(Double(split[i * n + j]) - expected))
            }
        }
        #expect(worst < 1e-3, "worst difference \(worst)")
        #expect(split == run(.splitAcrossCores), "not bit-identical run to run")
    }
}
