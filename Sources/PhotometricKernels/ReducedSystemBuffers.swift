import Geometry

/// One host frame's Gauss-Newton system while ``HostContribution`` accumulates it: raw buffers,
/// because the accumulation writes millions of entries per adjustment and array stores would
/// check bounds and uniqueness on each. Only the lower triangle of the reduced camera matrix is
/// accumulated (what the Cholesky solve reads); ``eliminatePoints(host:)`` mirrors it at the end.
/// The camera blocks of the target being accumulated and their right-hand side are summed in
/// 16-lane rows (in the first-level cache, a row's entries added in one vector operation), then
/// added into the D x D matrix when the target is done (``finishTarget(_:host:)``); the host's
/// own block is summed over the targets in a small dense buffer and added when the host is
/// done (``eliminatePoints(host:)``). The owner calls ``deallocate()``.
@usableFromInline struct ReducedSystemBuffers {
    /// Camera unknowns (6 per frame of the window); the matrix is D x D, row-major.
    @usableFromInline let parameterCount: Int
    /// The camera block and its right-hand side, then per point its column of H_cp (D entries
    /// each), its H_pp and its g_p: the fields of ``HostContribution`` with the same names.
    @usableFromInline let reduced, reducedGradient, pointColumns, pointDiagonal, pointGradient: UnsafeMutableBufferPointer<Double>
    /// The current target's sums over its points: 12 rows of `M G Mᵀ` (lanes 0..<12: the
    /// target's unknowns, then the host's, as M's rows), then the right-hand side `M Σ w r g`.
    @usableFromInline let targetSums: UnsafeMutableBufferPointer<SIMD16<Double>>
    /// The host's own 6 x 6 block over all targets, row-major, lower triangle.
    @usableFromInline let hostBlock: UnsafeMutableBufferPointer<Double>

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
        targetSums = .allocate(capacity: 13)
        targetSums.initialize(repeating: .zero)
        hostBlock = zeros(36)
    }

    @inlinable
    func deallocate() {
        for buffer in [reduced, reducedGradient, pointColumns, pointDiagonal, pointGradient, hostBlock] {
            buffer.deallocate()
        }
        targetSums.deallocate()
    }

    /// Adds point `p`'s residuals in frame `target`: their Jacobians are `M g` for M's rows
    /// (target translation and rotation, host translation and rotation, then the point's inverse
    /// depth), so they add `M G Mᵀ` to the system (G = Σ w g gᵀ, `gram`, symmetric) and
    /// `M Σ w r g` (`weightedResidual`) to its right-hand side. One target's points all come
    /// before the next target's, followed by ``finishTarget(_:host:)``.
    @inlinable @inline(__always)
    func add(m: JacobianColumns, gram: Matrix3, weightedResidual: SIMD3<Double>, point p: Int, target: Int, host: Int) {
        // The columns of M G (G's rows are its columns).
        let mGramX = m.times(gram.row(0)), mGramY = m.times(gram.row(1)), mGramZ = m.times(gram.row(2))
        let sums = targetSums.baseAddress!
        for i in 0..<12 { sums[i] += m.times(SIMD3(mGramX[i], mGramY[i], mGramZ[i])) }
        let rightHandSide = m.times(weightedResidual)
        sums[12] += rightHandSide
        // The point's row of M G Mᵀ: its coupling with each camera unknown, then its own entry.
        let pointRow = m.times(SIMD3(mGramX[12], mGramY[12], mGramZ[12]))
        let column = pointColumns.baseAddress! + p * parameterCount
        let targetColumn = column + 6 * target, hostColumn = column + 6 * host
        for i in 0..<6 {
            targetColumn[i] += pointRow[i]
            hostColumn[i] += pointRow[6 + i]
        }
        pointDiagonal[p] += pointRow[12]
        pointGradient[p] += rightHandSide[12]
    }

    /// Adds `target`'s sums into the matrix (its own block and the one it shares with `host`,
    /// on the side of the diagonal of the frame that comes later) and the right-hand side, and
    /// the host's own block into ``hostBlock``, after the target's last
    /// ``add(m:gram:weightedResidual:point:target:host:)``.
    @inlinable @inline(__always)
    func finishTarget(_ target: Int, host: Int) {
        let sums = targetSums.baseAddress!
        func parameter(_ i: Int) -> Int { i < 6 ? 6 * target + i : 6 * host + i - 6 }
        for i in 0..<12 {
            for j in 0..<12 {
                if i >= 6 && j >= 6 {
                    if j <= i { hostBlock[(i - 6) * 6 + j - 6] += sums[i][j] }
                } else if parameter(j) <= parameter(i) {
                    reduced[parameter(i) * parameterCount + parameter(j)] += sums[i][j]
                }
            }
        }
        for i in 0..<12 { reducedGradient[parameter(i)] += sums[12][i] }
        targetSums.update(repeating: .zero)
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
