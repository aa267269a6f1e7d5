/// Lane-wise sums of products of rows: the weight (and bias) gradient of a 1x1 convolution over
/// a block of pixels, `dW += dY · xᵀ`, with the rows of dY and x read in place (each `stride`
/// floats apart) and the sums kept per vector lane, so that a block adds vectors to its sums and
/// only the caller's last step adds the lanes up, in a fixed order. Generic over the vector and
/// `@inlinable` for the same reason as ``DirectCorrelation``.
public enum RowProductSums<Vector: SIMD> where Vector.Scalar == Float {
    /// Rows of each operand per register tile (a multiple of it is what the kernel expects).
    @inlinable public static var rowsPerTile: Int { 4 }

    /// `sums[(i·bRows + j)·L + l] += Σ_k a[i·aStride + k] · b[j·bStride + k]` over the `k < count`
    /// with `k mod L = l` (L = `Vector.scalarCount`), for every row `i < aRows` of `a` and `j < bRows`
    /// of `b`.
    ///
    /// - Parameters:
    ///   - aRows, bRows: multiples of ``rowsPerTile``.
    ///   - count: a multiple of L.
    ///   - sums: [aRows, bRows, L].
    @inlinable
    public static func accumulateProducts(
        _ a: UnsafePointer<Float>, aRows: Int, aStride: Int, _ b: UnsafePointer<Float>, bRows: Int, bStride: Int,
        count: Int, into sums: UnsafeMutablePointer<Float>
    ) {
        precondition(aRows % rowsPerTile == 0 && bRows % rowsPerTile == 0 && count % Vector.scalarCount == 0,
                     "RowProductSums.accumulateProducts: tile misalignment")
        let bRowsPerTile = Vector.scalarCount >= 16 ? 4 : 2
        for i in stride(from: 0, to: aRows, by: rowsPerTile) {
            for j in stride(from: 0, to: bRows, by: bRowsPerTile) {
                let target = sums + (i * bRows + j) * Vector.scalarCount
                if bRowsPerTile == 4 {
                    tileOfFour(a + i * aStride, aStride, b + j * bStride, bStride, count, target, bRows * Vector.scalarCount)
                } else {
                    tileOfTwo(a + i * aStride, aStride, b + j * bStride, bStride, count, target, bRows * Vector.scalarCount)
                }
            }
        }
    }

    /// Four rows of `a` by four of `b` (16 accumulators: AVX-512 has 32 vector registers).
    @inlinable @inline(__always)
    static func tileOfFour(_ a: UnsafePointer<Float>, _ aStride: Int, _ b: UnsafePointer<Float>, _ bStride: Int,
                           _ count: Int, _ sums: UnsafeMutablePointer<Float>, _ sumsStride: Int) {
        let lanes = Vector.scalarCount
        let a0 = a, a1 = a0 + aStride, a2 = a1 + aStride, a3 = a2 + aStride
        let b0 = b, b1 = b0 + bStride, b2 = b1 + bStride, b3 = b2 + bStride
        var s00 = Vector(), s01 = Vector(), s02 = Vector(), s03 = Vector()
        var s10 = Vector(), s11 = Vector(), s12 = Vector(), s13 = Vector()
        var s20 = Vector(), s21 = Vector(), s22 = Vector(), s23 = Vector()
        var s30 = Vector(), s31 = Vector(), s32 = Vector(), s33 = Vector()
        for k in stride(from: 0, to: count, by: lanes) {
            let y0 = load(b0 + k), y1 = load(b1 + k), y2 = load(b2 + k), y3 = load(b3 + k)
            let x0 = load(a0 + k)
            s00.addProduct(x0, y0); s01.addProduct(x0, y1); s02.addProduct(x0, y2); s03.addProduct(x0, y3)
            let x1 = load(a1 + k)
            s10.addProduct(x1, y0); s11.addProduct(x1, y1); s12.addProduct(x1, y2); s13.addProduct(x1, y3)
            let x2 = load(a2 + k)
            s20.addProduct(x2, y0); s21.addProduct(x2, y1); s22.addProduct(x2, y2); s23.addProduct(x2, y3)
            let x3 = load(a3 + k)
            s30.addProduct(x3, y0); s31.addProduct(x3, y1); s32.addProduct(x3, y2); s33.addProduct(x3, y3)
        }
        add(s00, sums); add(s01, sums + lanes); add(s02, sums + 2 * lanes); add(s03, sums + 3 * lanes)
        let sums1 = sums + sumsStride, sums2 = sums1 + sumsStride, sums3 = sums2 + sumsStride
        add(s10, sums1); add(s11, sums1 + lanes); add(s12, sums1 + 2 * lanes); add(s13, sums1 + 3 * lanes)
        add(s20, sums2); add(s21, sums2 + lanes); add(s22, sums2 + 2 * lanes); add(s23, sums2 + 3 * lanes)
        add(s30, sums3); add(s31, sums3 + lanes); add(s32, sums3 + 2 * lanes); add(s33, sums3 + 3 * lanes)
    }

    /// Four rows of `a` by two of `b` (8 accumulators: AVX2 has 16 vector registers).
    @inlinable @inline(__always)
    static func tileOfTwo(_ a: UnsafePointer<Float>, _ aStride: Int, _ b: UnsafePointer<Float>, _ bStride: Int,
                          _ count: Int, _ sums: UnsafeMutablePointer<Float>, _ sumsStride: Int) {
        let lanes = Vector.scalarCount
        let a0 = a, a1 = a0 + aStride, a2 = a1 + aStride, a3 = a2 + aStride
        let b0 = b, b1 = b0 + bStride
        var s00 = Vector(), s01 = Vector(), s10 = Vector(), s11 = Vector()
        var s20 = Vector(), s21 = Vector(), s30 = Vector(), s31 = Vector()
        for k in stride(from: 0, to: count, by: lanes) {
            let y0 = load(b0 + k), y1 = load(b1 + k)
            let x0 = load(a0 + k), x1 = load(a1 + k)
            s00.addProduct(x0, y0); s01.addProduct(x0, y1); s10.addProduct(x1, y0); s11.addProduct(x1, y1)
            let x2 = load(a2 + k), x3 = load(a3 + k)
            s20.addProduct(x2, y0); s21.addProduct(x2, y1); s30.addProduct(x3, y0); s31.addProduct(x3, y1)
        }
        let sums1 = sums + sumsStride, sums2 = sums1 + sumsStride, sums3 = sums2 + sumsStride
        add(s00, sums); add(s01, sums + lanes); add(s10, sums1); add(s11, sums1 + lanes)
        add(s20, sums2); add(s21, sums2 + lanes); add(s30, sums3); add(s31, sums3 + lanes)
    }

    /// `sums[i·L + l] += Σ_k a[i·aStride + k]` over the `k < count` with `k mod L = l`, for every
    /// row `i < aRows` (the bias gradient: dY's sum over pixels); `count` a multiple of L.
    @inlinable
    public static func accumulateSums(_ a: UnsafePointer<Float>, aRows: Int, aStride: Int, count: Int,
                                      into sums: UnsafeMutablePointer<Float>) {
        precondition(count % Vector.scalarCount == 0, "RowProductSums.accumulateSums: tile misalignment")
        let lanes = Vector.scalarCount
        for i in 0..<aRows {
            let row = a + i * aStride
            var total = Vector()
            for k in stride(from: 0, to: count, by: lanes) { total += load(row + k) }
            add(total, sums + i * lanes)
        }
    }

    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    /// Adds `vector` to the vector at `target`.
    @inlinable @inline(__always)
    static func add(_ vector: Vector, _ target: UnsafeMutablePointer<Float>) {
        let raw = UnsafeMutableRawPointer(target)
        raw.storeBytes(of: raw.loadUnaligned(as: Vector.self) + vector, as: Vector.self)
    }
}
