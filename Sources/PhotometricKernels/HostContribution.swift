import Geometry

/// What the points of one host frame contribute to the window's cost and, when linearised, to
/// its Gauss-Newton system, with the points' own unknowns eliminated (Schur complement).
///
/// Unknowns: per frame a left update `exp(ξ)·T_camera←world`, ξ = (translation, rotation), at
/// offset 6·frame; per point its inverse depth. A point with ray `b` and inverse depth ρ in host
/// h sits at X_h = b / ρ and at X_t = T_t←h · X_h in frame t; each pattern pixel's residual is
/// the brightness of frame t there minus the host's, Huber-weighted, divided by the brightness
/// noise. A prior ties ρ to the depth network's value with a relative standard deviation.
public struct HostContribution: Sendable {
    /// The robust cost of the host's residuals and priors.
    public var cost: Double = 0
    /// Camera block of the reduced system `S = H_cc − H_cp H_pp⁻¹ H_pc` (row-major, D x D) and
    /// its right-hand side `g_c − H_cp H_pp⁻¹ g_p`; empty unless linearised.
    public var reduced: [Double] = [], reducedGradient: [Double] = []
    /// Per point: its column of H_cp (D entries each), its H_pp and its g_p, for back-substitution.
    public var pointColumns: [Double] = [], pointDiagonal: [Double] = [], pointGradient: [Double] = []

    /// Cost and (when `linearize`) system of `frames[host]`'s points against every other frame,
    /// specialised (and so compiled) in the module that declares `Module`, with that module's
    /// instructions (see ``PhotometricKernelSet``).
    @inlinable
    public init<Module>(host: Int, frames: [BundleFrame], intrinsics: Intrinsics, huberThreshold k: Double,
                        brightnessSigma: Double, inverseDepthSigma: Double, linearize: Bool, compiledIn _: Module.Type) {
        let frame = frames[host]
        let parameterCount = 6 * frames.count, pointCount = frame.pointCount
        let patternCount = BundleFrame.pattern.count
        let brightnessWeight = 1 / (brightnessSigma * brightnessSigma)
        // Accumulated in raw buffers; the arrays are filled from them at the end.
        let system = ReducedSystemBuffers(parameterCount: linearize ? parameterCount : 0, pointCount: linearize ? pointCount : 0)
        defer { system.deallocate() }
        let worldFromHost = frame.cameraFromWorld.inverse
        // Each target's samples of every point's pattern, fetched before they are used.
        let patterns = PatternSamples(count: pointCount * patternCount)
        defer { patterns.deallocate() }
        for p in 0..<pointCount {
            let prior = frame.priors[p], inverseDepth = frame.inverseDepths[p]
            let priorScale = 1 / (inverseDepthSigma * prior)
            let priorResidual = (inverseDepth - prior) * priorScale
            cost += priorResidual * priorResidual
            if linearize {
                system.pointDiagonal[p] += priorScale * priorScale
                system.pointGradient[p] += priorResidual * priorScale
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
            patterns.fetch(frame: frame, target: targetFrame, targetFromHost: targetFromHost, patternRays: patternRays,
                           intrinsics: intrinsics)
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
                for index in 0..<patternCount {
                    let sampled = patterns.samples[p * patternCount + index]
                    guard sampled[3] == 0 else { continue }
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
                let gram = Matrix3(rows: SIMD3(gxx, gxy, gxz), SIMD3(gxy, gyy, gyz), SIMD3(gxz, gyz, gzz))
                // Every unknown's Jacobian is a linear map of g: rows of M (13 x 3).
                let depthDirection = rotation * (bearing * (-1 / (inverseDepth * inverseDepth)))
                let hostRotation = Self.skew(inHost) * negatedBack, targetRotation = Self.skew(inTarget)
                let m = JacobianColumns(rows: [
                    SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1),
                    targetRotation.row(0), targetRotation.row(1), targetRotation.row(2),
                    negatedBack.row(0), negatedBack.row(1), negatedBack.row(2),
                    hostRotation.row(0), hostRotation.row(1), hostRotation.row(2),
                    depthDirection,
                ])
                system.add(m: m, gram: gram, weightedResidual: weightedResidual, point: p, target: target, host: host)
            }
            if linearize { system.finishTarget(target, host: host) }
        }
        guard linearize else { return }
        system.eliminatePoints(host: host)
        reduced = Array(system.reduced)
        reducedGradient = Array(system.reducedGradient)
        pointColumns = Array(system.pointColumns)
        pointDiagonal = Array(system.pointDiagonal)
        pointGradient = Array(system.pointGradient)
    }

    /// The samples (brightness and gradients) of every pattern pixel of a host's points in one
    /// target, `samples[point · patternCount + index]`, with ``unseen`` where the target does not
    /// see it; and the scratch that finds them. Raw buffers reused from target to target.
    @usableFromInline struct PatternSamples {
        /// Marks a pattern pixel that the target does not see (a real sample's fourth lane is 0).
        @inlinable static var unseen: SIMD4<Float> { SIMD4(0, 0, 0, 1) }

        @usableFromInline let samples: UnsafeMutableBufferPointer<SIMD4<Float>>
        /// Per pattern pixel: the corner of its bilinear neighbourhood (−1: unseen) and its offset.
        @usableFromInline let corners: UnsafeMutableBufferPointer<Int>, offsets: UnsafeMutableBufferPointer<SIMD2<Float>>

        /// Buffers for `count` pattern pixels (uninitialised until ``fetch``).
        @inlinable
        init(count: Int) {
            samples = .allocate(capacity: count)
            corners = .allocate(capacity: count)
            offsets = .allocate(capacity: count)
        }

        @inlinable
        func deallocate() {
            samples.deallocate(); corners.deallocate(); offsets.deallocate()
        }

        /// Samples every pattern pixel of `frame`'s points in `target`: first where each lands,
        /// then the fetches alone, in a loop short enough that the cache misses of many points
        /// are in flight at once (interleaved with the per-point arithmetic, waiting for them
        /// took a fifth of the adjustment's time).
        @inlinable @inline(__always)
        func fetch(frame: BundleFrame, target: BundleFrame, targetFromHost: RigidTransform,
                   patternRays: [SIMD3<Double>], intrinsics: Intrinsics) {
            let patternCount = patternRays.count, width = target.image.width
            for p in 0..<frame.pointCount {
                let inverseDepth = frame.inverseDepths[p]
                let inTarget = targetFromHost.apply(frame.bearings[p] / inverseDepth)
                let inFront = inTarget.z > 0.05
                for (index, ray) in patternRays.enumerated() {
                    let slot = p * patternCount + index
                    corners[slot] = -1
                    guard inFront else { continue }
                    let patternPoint = inTarget + ray / inverseDepth
                    guard patternPoint.z > 0.05 else { continue }
                    let pixel = intrinsics.project(patternPoint)
                    guard target.image.contains(pixel) else { continue }
                    (corners[slot], offsets[slot]) = GradientImage.corner(width: width, of: pixel)
                }
            }
            target.image.samples.withUnsafeBufferPointer { image in
                for slot in 0..<(frame.pointCount * patternCount) {
                    let corner = corners[slot]
                    samples[slot] = corner < 0 ? Self.unseen : GradientImage.sample(image, width: width, corner: corner, fraction: offsets[slot])
                }
            }
        }
    }

    /// The matrix of `v ×` (so that `skew(v) * w = v × w`). (Rows built with `SIMD3(_:_:_:)`:
    /// an array literal would allocate an array per row, and this runs for every point and frame.)
    @inlinable @inline(__always)
    static func skew(_ v: SIMD3<Double>) -> Matrix3 {
        Matrix3(rows: SIMD3(0, -v.z, v.y), SIMD3(v.z, 0, -v.x), SIMD3(-v.y, v.x, 0))
    }
}
