import Geometry

/// The per-pixel sums of direct alignment (a target's textured points against a source's
/// brightness, what `PoseRefinement` minimises), over one range of the points so that the
/// caller can split them across cores.
public enum AlignmentSums {
    /// Per motion (source ← target), the Huber cost of the brightness residuals of the points in
    /// `range` that every motion keeps inside `image`, then how many points that is:
    /// `motions.count + 1` values.
    @inlinable
    public static func costs<Module>(points: [SIMD3<Double>], brightness: [Float], range: Range<Int>, image: GradientImage,
                                     motions: [RigidTransform], intrinsics: Intrinsics, huberThreshold k: Float,
                                     compiledIn _: Module.Type) -> [Double] {
        var totals = [Double](repeating: 0, count: motions.count + 1)
        var residuals = [Float](repeating: 0, count: motions.count)
        image.samples.withUnsafeBufferPointer { samples in
            for index in range {
                var inside = true
                for (m, motion) in motions.enumerated() {
                    guard let pixel = image.pixel(of: motion.apply(points[index]), intrinsics: intrinsics) else { inside = false; break }
                    residuals[m] = GradientImage.sample(samples, width: image.width, at: pixel)[0] - brightness[index]
                }
                guard inside else { continue }
                totals[motions.count] += 1
                for m in motions.indices { totals[m] += Double(huber(residuals[m], k)) }
            }
        }
        return totals
    }

    /// Gauss-Newton sums of the points in `range` seen by `image` through `toSource` (source ←
    /// target), for a left update `exp(δ)` of the motion in the reference camera, δ = (translation,
    /// rotation): `JᵀWJ` (36 values, row-major, upper triangle), `JᵀWr` (6), then the count.
    /// `inReference` holds the points in the reference camera, `rotationBack` is Rᵀ of
    /// T_source←reference.
    @inlinable
    public static func normalEquations<Module>(points: [SIMD3<Double>], inReference: [SIMD3<Double>], brightness: [Float],
                                               range: Range<Int>, image: GradientImage, toSource: RigidTransform,
                                               rotationBack: Matrix3, intrinsics: Intrinsics, huberThreshold k: Float,
                                               compiledIn _: Module.Type) -> [Double] {
        var sums = [Double](repeating: 0, count: 43)
        image.samples.withUnsafeBufferPointer { samples in
            for index in range {
                let moved = toSource.apply(points[index])
                guard let pixel = image.pixel(of: moved, intrinsics: intrinsics) else { continue }
                let sampled = GradientImage.sample(samples, width: image.width, at: pixel)
                let residual = sampled[0] - brightness[index]
                let weight = Double(abs(residual) <= k ? 1 : k / abs(residual))
                let gx = Double(sampled[1]), gy = Double(sampled[2])
                let inverseZ = 1 / moved.z
                // d(brightness)/d(moved point), through the projection
                let dx = gx * intrinsics.fx * inverseZ, dy = gy * intrinsics.fy * inverseZ
                let dMoved = SIMD3<Double>(dx, dy, -(dx * moved.x + dy * moved.y) * inverseZ)
                // d(moved)/dδ = R_A [I | −[p]×] with p the point in the reference camera:
                // translation part Rᵀ·dMoved, rotation part p × (Rᵀ·dMoved)
                let dReference = rotationBack * dMoved
                let rotationPart = cross(inReference[index], dReference)
                let jacobian = SIMD8<Double>(dReference.x, dReference.y, dReference.z,
                                             rotationPart.x, rotationPart.y, rotationPart.z, 0, 0)
                let weighted = weight * jacobian
                for i in 0..<6 {
                    sums[36 + i] += weighted[i] * Double(residual)
                    for j in i..<6 { sums[i * 6 + j] += weighted[i] * jacobian[j] }
                }
                sums[42] += 1
            }
        }
        return sums
    }

    /// Huber loss of a residual.
    @inlinable @inline(__always)
    static func huber(_ r: Float, _ k: Float) -> Float {
        let a = abs(r)
        return a <= k ? 0.5 * r * r : k * (a - 0.5 * k)
    }
}
