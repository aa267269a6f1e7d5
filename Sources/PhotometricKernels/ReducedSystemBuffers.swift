import Geometry

/// One host frame's Gauss-Newton system while ``HostContribution`` accumulates it: raw buffers,
/// because the accumulation writes millions of entries per adjustment and array stores would
/// check bounds and uniqueness on each. Only the lower triangle of the reduced camera matrix is
/// accumulated (what the Cholesky solve reads); ``eliminatePoints()`` mirrors it at the end.
/// The camera blocks of the target being accumulated, and the host's own block, are summed in
/// small dense buffers that stay in the first-level cache and are written into the D x D matrix
/// when the target (``finishTarget(_:host:)``) or the host (``eliminatePoints()``) is done: each
/// entry receives the same additions in the same order as if it were summed in place.
/// The owner calls ``deallocate()``.
@usableFromInline struct ReducedSystemBuffers {
    /// Camera unknowns (6 per frame of the window); the matrix is D x D, row-major.
    @usableFromInline let parameterCount: Int
    /// The camera block and its right-hand side, then per point its column of H_cp (D entries
    /// each), its H_pp and its g_p: the fields of ``HostContribution`` with the same names.
    @usableFromInline let reduced, reducedGradient, pointColumns, pointDiagonal, pointGradient: UnsafeMutableBufferPointer<Double>
    /// The current target's rows and columns (0..<6) with the host's (6..<12), 12 x 12 row-major:
    /// the target's own block and the one between target and host, lower triangle in the
    /// matrix's order. The host's own block, over all targets, 6 x 6.
    @usableFromInline let targetBlock, hostBlock: UnsafeMutableBufferPointer<Double>

    /// Zeroed buffers for `parameterCount` camera unknowns and `pointCount` points.
    @inlinable
    init(parameterCount: Int, pointCount: Int) {
        func zeros(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        self.parameterCount = parameterCount
        reduced = zeros(parameterCount * parameterCount)
        reducedGradient = zeros(parameterCount)
        pointColumns = zeros(pointCount * parameterCount)
        pointDiagonal = zeros(pointCount)
        pointGradient = zeros(pointCount)
        targetBlock = zeros(144)
        hostBlock = zeros(36)
    }

    @inlinable
    func deallocate() {
        for buffer in [reduced, reducedGradient, pointColumns, pointDiagonal, pointGradient, targetBlock, hostBlock] {
            buffer.deallocate()
        }
    }

    /// Adds point `p`'s residuals in frame `target`: their Jacobians are `M g` for the rows of
    /// `m` (target translation and rotation, host translation and rotation, then the point's
    /// inverse depth), so they add `M G Mᵀ` to the system (G = Σ w g gᵀ, `gram`) and `M Σ w r g`
    /// (`weightedResidual`) to its right-hand side. One target's points all come before the
    /// next target's, followed by ``finishTarget(_:host:)``.
    @inlinable @inline(__always)
    func add(m: InlineArray<13, SIMD3<Double>>, gram: Matrix3, weightedResidual: SIMD3<Double>,
             point p: Int, target: Int, host: Int) {
        var mGram = InlineArray<13, SIMD3<Double>>(repeating: .zero)
        for i in 0..<13 { mGram[i] = gram * m[i] }
        let block = targetBlock.baseAddress!, own = hostBlock.baseAddress!
        for i in 0..<6 {
            for j in 0...i { block[i * 12 + j] += dot(mGram[i], m[j]) }
        }
        for i in 6..<12 {
            for j in 6...i { own[(i - 6) * 6 + j - 6] += dot(mGram[i], m[j]) }
        }
        // The block between the frames, on the side of the diagonal of the frame that comes later.
        if target < host {
            for i in 6..<12 { for j in 0..<6 { block[i * 12 + j] += dot(mGram[i], m[j]) } }
        } else {
            for i in 0..<6 { for j in 6..<12 { block[i * 12 + j] += dot(mGram[i], m[j]) } }
        }
        let targetOffset = 6 * target, hostOffset = 6 * host
        let column = pointColumns.baseAddress! + p * parameterCount
        for i in 0..<12 {
            let row = i < 6 ? targetOffset + i : hostOffset + i - 6
            column[row] += dot(mGram[i], m[12])
            reducedGradient[row] += dot(m[i], weightedResidual)
        }
        pointDiagonal[p] += dot(mGram[12], m[12])
        pointGradient[p] += dot(m[12], weightedResidual)
    }

    /// Writes the blocks of `target` (its own, and the one it shares with `host`) into the
    /// matrix, after its last ``add(m:gram:weightedResidual:point:target:host:)``.
    @inlinable @inline(__always)
    func finishTarget(_ target: Int, host: Int) {
        let block = targetBlock.baseAddress!
        func parameter(_ i: Int) -> Int { i < 6 ? 6 * target + i : 6 * host + i - 6 }
        for i in 0..<12 {
            for j in 0..<12 where parameter(j) <= parameter(i) && (i < 6 || j < 6) {
                reduced[parameter(i) * parameterCount + parameter(j)] += block[i * 12 + j]
            }
        }
        targetBlock.update(repeating: 0)
    }

    /// Writes the block of `host` (the frame whose points these are) into the matrix, then
    /// eliminates the points: S −= c cᵀ / h_pp, rhs −= c g_p / h_pp (lower triangle), then
    /// mirrors S's lower triangle into its upper.
    @inlinable @inline(__always)
    func eliminatePoints(host: Int) {
        let n = parameterCount
        for i in 0..<6 {
            for j in 0...i { reduced[(6 * host + i) * n + 6 * host + j] += hostBlock[i * 6 + j] }
        }
        for p in 0..<pointDiagonal.count {
            let column = pointColumns.baseAddress! + p * n, inverse = 1 / pointDiagonal[p]
            for i in 0..<n where column[i] != 0 {
                let scaled = column[i] * inverse
                reducedGradient[i] -= scaled * pointGradient[p]
                let row = reduced.baseAddress! + i * n
                for j in 0...i { row[j] -= scaled * column[j] }
            }
        }
        for i in 0..<n {
            for j in (i + 1)..<n { reduced[i * n + j] = reduced[j * n + i] }
        }
    }
}
