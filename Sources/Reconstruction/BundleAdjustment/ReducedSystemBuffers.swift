import Geometry

/// One host frame's Gauss-Newton system while ``HostContribution`` accumulates it: raw buffers,
/// because the accumulation writes millions of entries per adjustment and array stores would
/// check bounds and uniqueness on each. Only the lower triangle of the reduced camera matrix is
/// accumulated (what the Cholesky solve reads); ``eliminatePoints()`` mirrors it at the end.
/// The owner calls ``deallocate()``.
struct ReducedSystemBuffers {
    /// Camera unknowns (6 per frame of the window); the matrix is D x D, row-major.
    let parameterCount: Int
    /// The camera block and its right-hand side, then per point its column of H_cp (D entries
    /// each), its H_pp and its g_p: the fields of ``HostContribution`` with the same names.
    let reduced, reducedGradient, pointColumns, pointDiagonal, pointGradient: UnsafeMutableBufferPointer<Double>

    /// Zeroed buffers for `parameterCount` camera unknowns and `pointCount` points.
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
    }

    func deallocate() {
        for buffer in [reduced, reducedGradient, pointColumns, pointDiagonal, pointGradient] { buffer.deallocate() }
    }

    /// Adds point `p`'s residuals in frame `target`: their Jacobians are `M g` for the rows of
    /// `m` (target translation and rotation, host translation and rotation, then the point's
    /// inverse depth), so they add `M G Mᵀ` to the system (G = Σ w g gᵀ, `gram`) and `M Σ w r g`
    /// (`weightedResidual`) to its right-hand side.
    @inline(__always)
    func add(m: InlineArray<13, SIMD3<Double>>, gram: Matrix3, weightedResidual: SIMD3<Double>,
             point p: Int, target: Int, host: Int) {
        var mGram = InlineArray<13, SIMD3<Double>>(repeating: .zero)
        for i in 0..<13 { mGram[i] = gram * m[i] }
        let targetOffset = 6 * target, hostOffset = 6 * host
        func parameter(_ i: Int) -> Int { i < 6 ? targetOffset + i : hostOffset + i - 6 }
        let column = pointColumns.baseAddress! + p * parameterCount
        for i in 0..<12 {
            let row = parameter(i), rowEntries = reduced.baseAddress! + row * parameterCount
            // The lower triangle: the row's own frame up to the diagonal, and the other frame's
            // block when its unknowns come first.
            let ownBlock = i < 6 ? 0 : 6, otherBlock = 6 - ownBlock
            for j in ownBlock...i { rowEntries[parameter(j)] += dot(mGram[i], m[j]) }
            if parameter(otherBlock) < row {
                for j in otherBlock..<(otherBlock + 6) { rowEntries[parameter(j)] += dot(mGram[i], m[j]) }
            }
            column[row] += dot(mGram[i], m[12])
            reducedGradient[row] += dot(m[i], weightedResidual)
        }
        pointDiagonal[p] += dot(mGram[12], m[12])
        pointGradient[p] += dot(m[12], weightedResidual)
    }

    /// Eliminates the points: S −= c cᵀ / h_pp, rhs −= c g_p / h_pp (lower triangle), then
    /// mirrors S's lower triangle into its upper.
    func eliminatePoints() {
        let n = parameterCount
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
