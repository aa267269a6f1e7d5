import Geometry

/// What the points of one host frame contribute to the window's cost and, when linearised, to
/// its Gauss-Newton system, with the points' own unknowns eliminated (Schur complement).
///
/// Unknowns: per frame a left update `exp(ξ)·T_camera←world`, ξ = (translation, rotation), at
/// offset 6·frame; per point its inverse depth. A point with ray `b` and inverse depth ρ in host
/// h sits at X_h = b / ρ and at X_t = T_t←h · X_h in frame t; each pattern pixel's residual is
/// the brightness of frame t there minus the host's, Huber-weighted, divided by the brightness
/// noise. A prior ties ρ to the depth network's value with a relative standard deviation.
struct HostContribution {
    /// The robust cost of the host's residuals and priors.
    var cost: Double = 0
    /// Camera block of the reduced system `S = H_cc − H_cp H_pp⁻¹ H_pc` (row-major, D x D) and
    /// its right-hand side `g_c − H_cp H_pp⁻¹ g_p`; empty unless linearised.
    var reduced: [Double] = [], reducedGradient: [Double] = []
    /// Per point: its column of H_cp (D entries each), its H_pp and its g_p, for back-substitution.
    var pointColumns: [Double] = [], pointDiagonal: [Double] = [], pointGradient: [Double] = []

    /// Cost and (when `linearize`) system of `frames[host]`'s points against every other frame.
    init(host: Int, frames: [BundleFrame], intrinsics: Intrinsics, huberThreshold k: Double,
         brightnessSigma: Double, inverseDepthSigma: Double, linearize: Bool) {
        let frame = frames[host]
        let parameterCount = 6 * frames.count, pointCount = frame.pointCount
        let patternCount = BundleFrame.pattern.count
        let brightnessWeight = 1 / (brightnessSigma * brightnessSigma)
        if linearize {
            reduced = [Double](repeating: 0, count: parameterCount * parameterCount)
            reducedGradient = [Double](repeating: 0, count: parameterCount)
            pointColumns = [Double](repeating: 0, count: pointCount * parameterCount)
            pointDiagonal = [Double](repeating: 0, count: pointCount)
            pointGradient = [Double](repeating: 0, count: pointCount)
        }
        let worldFromHost = frame.cameraFromWorld.inverse
        for p in 0..<pointCount {
            let prior = frame.priors[p], inverseDepth = frame.inverseDepths[p]
            let priorScale = 1 / (inverseDepthSigma * prior)
            let priorResidual = (inverseDepth - prior) * priorScale
            cost += priorResidual * priorResidual
            if linearize {
                pointDiagonal[p] += priorScale * priorScale
                pointGradient[p] += priorResidual * priorScale
            }
        }
        for target in frames.indices where target != host {
            let targetFrame = frames[target]
            let targetFromHost = targetFrame.cameraFromWorld * worldFromHost
            let rotation = targetFromHost.rotation, rotationBack = rotation.transposed
            // d(host-translation part) = −Rᵀ g; d(host rotation) = −X_h × Rᵀ g
            let negatedBack = Matrix3(rows: -rotationBack.row(0), -rotationBack.row(1), -rotationBack.row(2))
            // Each pattern pixel is its own ray at the point's inverse depth (a patch facing the
            // host camera), so the pattern stretches as the target sees it closer or farther: its
            // ray offset from the centre's, turned into the target camera.
            let patternRays = BundleFrame.patternRays(turnedBy: rotation, intrinsics: intrinsics)
            targetFrame.image.samples.withUnsafeBufferPointer { samples in
                for p in 0..<pointCount {
                    let inverseDepth = frame.inverseDepths[p], bearing = frame.bearings[p]
                    let inHost = bearing / inverseDepth
                    let inTarget = targetFromHost.apply(inHost)
                    guard inTarget.z > 0.05 else { continue }
                    let inverseZ = 1 / inTarget.z
                    // Σ w g gᵀ (upper triangle) and Σ w g r over the pattern, g = d(brightness)/d(X_t)
                    // (each pattern pixel's Jacobian taken at the centre's point)
                    var gxx = 0.0, gxy = 0.0, gxz = 0.0, gyy = 0.0, gyz = 0.0, gzz = 0.0
                    var weightedResidual = SIMD3<Double>.zero
                    for (index, ray) in patternRays.enumerated() {
                        let patternPoint = inTarget + ray / inverseDepth
                        guard patternPoint.z > 0.05 else { continue }
                        let pixel = intrinsics.project(patternPoint)
                        guard targetFrame.image.contains(pixel) else { continue }
                        let sampled = GradientImage.sample(samples, width: targetFrame.image.width, at: pixel)
                        let residual = Double(sampled[0] - frame.references[p * patternCount + index])
                        let magnitude = abs(residual)
                        cost += brightnessWeight * BundleFrame.robustCost(magnitude, threshold: k)
                        guard linearize else { continue }
                        let weight = brightnessWeight * (magnitude <= k ? 1 : k / magnitude)
                        let dx = Double(sampled[1]) * intrinsics.fx * inverseZ, dy = Double(sampled[2]) * intrinsics.fy * inverseZ
                        let g = SIMD3<Double>(dx, dy, -(dx * inTarget.x + dy * inTarget.y) * inverseZ)
                        gxx += weight * g.x * g.x; gxy += weight * g.x * g.y; gxz += weight * g.x * g.z
                        gyy += weight * g.y * g.y; gyz += weight * g.y * g.z; gzz += weight * g.z * g.z
                        weightedResidual += weight * residual * g
                    }
                    guard linearize, gxx + gyy + gzz > 0 else { continue }
                    let gram = Matrix3(rows: [gxx, gxy, gxz], [gxy, gyy, gyz], [gxz, gyz, gzz])
                    // Every unknown's Jacobian is a linear map of g: rows of M (13 x 3).
                    let depthDirection = rotation * (bearing * (-1 / (inverseDepth * inverseDepth)))
                    let hostRotation = Self.skew(inHost) * negatedBack, targetRotation = Self.skew(inTarget)
                    let m: [SIMD3<Double>] = [
                        [1, 0, 0], [0, 1, 0], [0, 0, 1],
                        targetRotation.row(0), targetRotation.row(1), targetRotation.row(2),
                        negatedBack.row(0), negatedBack.row(1), negatedBack.row(2),
                        hostRotation.row(0), hostRotation.row(1), hostRotation.row(2),
                        depthDirection,
                    ]
                    let mGram = m.map { gram * $0 }
                    let targetOffset = 6 * target, hostOffset = 6 * host
                    func parameter(_ i: Int) -> Int { i < 6 ? targetOffset + i : hostOffset + i - 6 }
                    for i in 0..<12 {
                        let row = parameter(i) * parameterCount
                        for j in 0..<12 { reduced[row + parameter(j)] += dot(mGram[i], m[j]) }
                        pointColumns[p * parameterCount + parameter(i)] += dot(mGram[i], m[12])
                        reducedGradient[parameter(i)] += dot(m[i], weightedResidual)
                    }
                    pointDiagonal[p] += dot(mGram[12], m[12])
                    pointGradient[p] += dot(m[12], weightedResidual)
                }
            }
        }
        guard linearize else { return }
        // Eliminate the points: S −= c cᵀ / h_pp, rhs −= c g_p / h_pp.
        for p in 0..<pointCount {
            let column = p * parameterCount, inverse = 1 / pointDiagonal[p]
            for i in 0..<parameterCount where pointColumns[column + i] != 0 {
                let scaled = pointColumns[column + i] * inverse
                reducedGradient[i] -= scaled * pointGradient[p]
                for j in 0..<parameterCount { reduced[i * parameterCount + j] -= scaled * pointColumns[column + j] }
            }
        }
    }

    /// The matrix of `v ×` (so that `skew(v) * w = v × w`).
    static func skew(_ v: SIMD3<Double>) -> Matrix3 {
        Matrix3(rows: [0, -v.z, v.y], [v.z, 0, -v.x], [-v.y, v.x, 0])
    }
}
