import Parallelism

/// The colour guided filter of He, Sun & Tang (TPAMI 2013, Algorithm 2) with a validity mask.
///
/// Every window mean is taken over the window's valid pixels only (`mask` 1 = valid, 0 =
/// invalid): `mean(x) = box(mask · x) / box(mask)`. Per window, `a = (Σ + ε·I)⁻¹ cov(I, p)` and
/// `b = mean(p) − a · mean(I)`; the output is `mean(a) · I + mean(b)` with `a`, `b` averaged
/// over the windows that hold at least one valid pixel. Invalid pixels come back unspecified.
func guidedFilter(_ values: [Float], mask: [Float], guide: GuidePlanes, radius: Int, epsilon: Float) -> [Float] {
    let (width, height) = (guide.width, guide.height)
    let count = width * height
    func box(_ plane: [Float]) -> [Float] { boxSum(plane, width: width, height: height, radius: radius) }
    let colors = [guide.red, guide.green, guide.blue]
    let validCount = box(mask)
    // Window sums of mask·I (3), mask·p, mask·I·p (3), mask·I·Iᵀ (6, upper triangle).
    let sumColor = colors.map { channel in box((0..<count).map { mask[$0] * channel[$0] }) }
    let sumValue = box((0..<count).map { mask[$0] * values[$0] })
    let sumColorValue = colors.map { channel in box((0..<count).map { mask[$0] * channel[$0] * values[$0] }) }
    let pairs = [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)]
    let sumColorColor = pairs.map { pair in
        box((0..<count).map { mask[$0] * colors[pair.0][$0] * colors[pair.1][$0] })
    }

    // Per-window affine coefficients, value ≈ a · colour + b: planes a0, a1, a2, b.
    var coefficients = [Float](repeating: 0, count: 4 * count)
    var windowHasData = [Float](repeating: 0, count: count)
    coefficients.withUnsafeMutableBufferPointer { coefficients in
        windowHasData.withUnsafeMutableBufferPointer { windowHasData in
            Parallel.forEachChunk(count) { range in
                for index in range where validCount[index] > 0.5 {
                    let n = Double(validCount[index])
                    let meanColor = SIMD3(Double(sumColor[0][index]), Double(sumColor[1][index]), Double(sumColor[2][index])) / n
                    let meanValue = Double(sumValue[index]) / n
                    let covariance = SIMD3(Double(sumColorValue[0][index]), Double(sumColorValue[1][index]),
                                           Double(sumColorValue[2][index])) / n - meanColor * meanValue
                    var sigma = SIMD8<Double>()
                    for (slot, pair) in pairs.enumerated() {
                        sigma[slot] = Double(sumColorColor[slot][index]) / n - meanColor[pair.0] * meanColor[pair.1]
                    }
                    let a = solveRegularized(sigma, epsilon: Double(epsilon), covariance)
                    coefficients[index] = Float(a.x)
                    coefficients[count + index] = Float(a.y)
                    coefficients[2 * count + index] = Float(a.z)
                    coefficients[3 * count + index] = Float(meanValue - (a * meanColor).sum())
                    windowHasData[index] = 1
                }
            }
        }
    }

    let windowCount = box(windowHasData)
    let meanCoefficients = (0..<4).map { plane in box(Array(coefficients[plane * count..<(plane + 1) * count])) }
    var output = [Float](repeating: 0, count: count)
    for index in 0..<count where windowCount[index] > 0.5 {
        let n = windowCount[index]
        output[index] = (meanCoefficients[0][index] * guide.red[index]
            + meanCoefficients[1][index] * guide.green[index]
            + meanCoefficients[2][index] * guide.blue[index]
            + meanCoefficients[3][index]) / n
    }
    return output
}

/// Solves `(Σ + ε·I) a = c` for a symmetric 3x3 `Σ` given as its upper triangle
/// `[s00, s01, s02, s11, s12, s22]`, by the adjugate (the matrix is positive definite for ε > 0).
private func solveRegularized(_ s: SIMD8<Double>, epsilon: Double, _ c: SIMD3<Double>) -> SIMD3<Double> {
    let (m00, m01, m02, m11, m12, m22) = (s[0] + epsilon, s[1], s[2], s[3] + epsilon, s[4], s[5] + epsilon)
    // Cofactors of the symmetric matrix.
    let c00 = m11 * m22 - m12 * m12, c01 = m02 * m12 - m01 * m22, c02 = m01 * m12 - m02 * m11
    let c11 = m00 * m22 - m02 * m02, c12 = m01 * m02 - m00 * m12, c22 = m00 * m11 - m01 * m01
    let determinant = m00 * c00 + m01 * c01 + m02 * c02
    return SIMD3(c00 * c.x + c01 * c.y + c02 * c.z,
                 c01 * c.x + c11 * c.y + c12 * c.z,
                 c02 * c.x + c12 * c.y + c22 * c.z) / determinant
}
