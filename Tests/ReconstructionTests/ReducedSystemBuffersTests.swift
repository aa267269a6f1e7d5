import Geometry
@testable import PhotometricKernels
import Testing

@Suite struct ReducedSystemBuffersTests {
    /// A small deterministic generator of values in [-1, 1].
    struct Values {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 52) - 1
        }
        mutating func vector() -> SIMD3<Double> { SIMD3(next(), next(), next()) }
    }

    /// The accumulated lower triangle, mirrored, and the points' elimination give the Schur
    /// complement `H_cc − H_cp H_pp⁻¹ H_pc` and its right-hand side, as a dense system built
    /// entry by entry from the same Jacobian rows gives them; host 1 of three frames, with
    /// targets before and after it (so both orientations of the block between two frames).
    @Test func eliminationMatchesTheDenseSchurComplement() {
        let frameCount = 3, host = 1, pointCount = 4, parameterCount = 6 * frameCount
        let unknowns = parameterCount + pointCount
        var values = Values(state: 7)
        let buffers = ReducedSystemBuffers(parameterCount: parameterCount, pointCount: pointCount)
        defer { buffers.deallocate() }
        var dense = [Double](repeating: 0, count: unknowns * unknowns), denseGradient = [Double](repeating: 0, count: unknowns)
        for p in 0..<pointCount {
            buffers.pointDiagonal[p] = 1 + Double(p)
            dense[(parameterCount + p) * unknowns + parameterCount + p] = 1 + Double(p)
        }
        for target in 0..<frameCount where target != host {
            for p in 0..<pointCount {
                let m = InlineArray<13, SIMD3<Double>> { _ in values.vector() }
                let a = Matrix3(rows: values.vector(), values.vector(), values.vector())
                let gram = a * a.transposed, weightedResidual = values.vector()
                buffers.add(m: JacobianColumns(rows: m), gram: gram, weightedResidual: weightedResidual, point: p, target: target, host: host)
                let index = (0..<12).map { $0 < 6 ? 6 * target + $0 : 6 * host + $0 - 6 } + [parameterCount + p]
                for i in 0..<13 {
                    denseGradient[index[i]] += dot(m[i], weightedResidual)
                    for j in 0..<13 { dense[index[i] * unknowns + index[j]] += dot(gram * m[i], m[j]) }
                }
            }
            buffers.finishTarget(target, host: host)
        }
        buffers.eliminatePoints(host: host)
        for i in 0..<parameterCount {
            var expectedGradient = denseGradient[i]
            for p in 0..<pointCount {
                let point = parameterCount + p
                expectedGradient -= dense[i * unknowns + point] / dense[point * unknowns + point] * denseGradient[point]
            }
            #expect(abs(buffers.reducedGradient[i] - expectedGradient) <= 1e-9 * max(1, abs(expectedGradient)))
            for j in 0..<parameterCount {
                var expected = dense[i * unknowns + j]
                for p in 0..<pointCount {
                    let point = parameterCount + p
                    expected -= dense[i * unknowns + point] * dense[point * unknowns + j] / dense[point * unknowns + point]
                }
                #expect(abs(buffers.reduced[i * parameterCount + j] - expected) <= 1e-9 * max(1, abs(expected)),
                        "entry (\(i), \(j)): \(buffers.reduced[i * parameterCount + j]) vs \(expected)")
            }
        }
    }
}
