#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Rotation matrices from axis-angle vectors (Rodrigues' formula), as the pose network's output
// is turned into camera transforms.

/// Rotation matrices `R = exp([r]×)` from axis-angle vectors: `[B, 3]` → `[B, 3, 3]`.
///
/// `R = I + A·K + B·K²` with `K = [r]×`, θ = |r|, `A = sin θ / θ`, `B = (1 − cos θ) / θ²`;
/// near θ = 0 both come from their Taylor series, so the value and gradient stay exact there.
/// Computed in Double and rounded to Float.
public func axisAngleToMatrix(_ rotationVectors: Tensor) -> Tensor {
    precondition(rotationVectors.rank == 2 && rotationVectors.shape[1] == 3,
                 "axisAngleToMatrix: rotation vectors \(rotationVectors.shape) are not [B, 3]")
    let batch = rotationVectors.shape[0]
    let output = TensorStorage(count: batch * 9)
    let vectors = rotationVectors.storage.pointer, result = output.pointer
    for item in 0..<batch {
        let r = (Double(vectors[3 * item]), Double(vectors[3 * item + 1]), Double(vectors[3 * item + 2]))
        let coefficients = RodriguesCoefficients(squaredAngle: r.0 * r.0 + r.1 * r.1 + r.2 * r.2)
        let k = skew(r), kSquared = skewSquared(r)
        for index in 0..<9 {
            let identity: Double = index % 4 == 0 ? 1 : 0
            result[9 * item + index] = Float(identity + coefficients.a * k[index] + coefficients.b * kSquared[index])
        }
    }
    // With s = θ², G the output gradient and ⟨·,·⟩ the element-wise inner product:
    // d r_i = 2 r_i (A'(s)⟨G, K⟩ + B'(s)⟨G, K²⟩) + A ⟨G, [e_i]×⟩ + B ((G r)_i + (Gᵀ r)_i − 2 r_i tr G)
    // using d K/d r_i = [e_i]× and d K²/d r_i = d (r rᵀ − s I)/d r_i = e_i rᵀ + r e_iᵀ − 2 r_i I.
    return .result(shape: [batch, 3, 3], storage: output, inputs: [rotationVectors]) { gradient in
        guard let target = rotationVectors.gradientTarget() else { return }
        let vectors = rotationVectors.storage.pointer
        for item in 0..<batch {
            let r = (Double(vectors[3 * item]), Double(vectors[3 * item + 1]), Double(vectors[3 * item + 2]))
            let coefficients = RodriguesCoefficients(squaredAngle: r.0 * r.0 + r.1 * r.1 + r.2 * r.2)
            let k = skew(r), kSquared = skewSquared(r)
            let g = (0..<9).map { Double(gradient[9 * item + $0]) }
            var withK = 0.0, withKSquared = 0.0
            for index in 0..<9 {
                withK += g[index] * k[index]
                withKSquared += g[index] * kSquared[index]
            }
            let radial = 2 * (coefficients.aDerivative * withK + coefficients.bDerivative * withKSquared)
            let trace = g[0] + g[4] + g[8]
            let components = [r.0, r.1, r.2]
            // ⟨G, [e_i]×⟩ for i = 0, 1, 2
            let withSkewBasis = [g[7] - g[5], g[2] - g[6], g[3] - g[1]]
            for i in 0..<3 {
                let gr = g[3 * i] * r.0 + g[3 * i + 1] * r.1 + g[3 * i + 2] * r.2
                let gTransposedR = g[i] * r.0 + g[3 + i] * r.1 + g[6 + i] * r.2
                let value = radial * components[i] + coefficients.a * withSkewBasis[i]
                    + coefficients.b * (gr + gTransposedR - 2 * components[i] * trace)
                target[3 * item + i] += Float(value)
            }
        }
    }
}

/// `A(s) = sin θ / θ`, `B(s) = (1 − cos θ) / θ²` and their derivatives with respect to s = θ²,
/// from Taylor series when θ is small (below 0.01 the series error is far under Double's).
private struct RodriguesCoefficients {
    let a: Double, b: Double, aDerivative: Double, bDerivative: Double

    init(squaredAngle s: Double) {
        if s < 1e-4 {
            a = 1 - s / 6 + s * s / 120 - s * s * s / 5040
            b = 0.5 - s / 24 + s * s / 720 - s * s * s / 40320
            aDerivative = -1.0 / 6 + s / 60 - s * s / 1680
            bDerivative = -1.0 / 24 + s / 360 - s * s / 13440
        } else {
            let angle = s.squareRoot()
            a = sin(angle) / angle
            b = (1 - cos(angle)) / s
            // dA/ds = (cos θ − A) / (2s),   dB/ds = (A − 2B) / (2s)
            aDerivative = (cos(angle) - a) / (2 * s)
            bDerivative = (a - 2 * b) / (2 * s)
        }
    }
}

/// The row-major 3x3 cross-product matrix `[r]×`.
private func skew(_ r: (Double, Double, Double)) -> [Double] {
    [0, -r.2, r.1,
     r.2, 0, -r.0,
     -r.1, r.0, 0]
}

/// The row-major `[r]×² = r rᵀ − |r|² I`.
private func skewSquared(_ r: (Double, Double, Double)) -> [Double] {
    let s = r.0 * r.0 + r.1 * r.1 + r.2 * r.2
    return [r.0 * r.0 - s, r.0 * r.1, r.0 * r.2,
            r.1 * r.0, r.1 * r.1 - s, r.1 * r.2,
            r.2 * r.0, r.2 * r.1, r.2 * r.2 - s]
}
