import Geometry
import Imaging
import Parallelism

/// Sharpens a relative camera motion by direct image alignment: the target frame's pixels,
/// back-projected with its depth and moved by T_source←target, should land where the source
/// frame shows the same brightness.
///
/// Levenberg-Marquardt on the Huber-weighted brightness differences of the gray images,
/// coarse to fine over an image pyramid (each level half the size of the next), with the motion
/// updated on the left, `T ← exp(δ)·T`. The pose network's estimate is typically a few pixels off
/// at 128x96 while the photometric basin is about a pixel wide at each level, so the coarse
/// levels bring it into the fine levels' basin. The refined motion is kept only when it explains
/// the finest level better than the estimate did; otherwise the estimate is returned unchanged.
public struct PoseRefinement: Sendable {
    /// Pyramid levels used (the finest is the widest level at most ``finestWidth`` pixels wide).
    public var levels = 4
    /// Width of the finest level used: wider frames are aligned at a reduced size.
    public var finestWidth = 160
    /// Levenberg-Marquardt iterations per level at most.
    public var iterationsPerLevel = 10
    /// Brightness difference (in [0, 1] units) beyond which a pixel's weight falls off (Huber).
    public var huberThreshold: Float = 0.04

    /// The default settings.
    public init() {}

    /// What one refinement did.
    public struct Result: Sendable {
        /// The refined motion, or the initial one when refinement did not help.
        public let motion: RigidTransform
        /// Mean robust photometric cost at the finest level before and after, over the pixels
        /// that both motions keep inside the source.
        public let initialCost: Double, finalCost: Double
        /// Whether the refined motion was kept.
        public let accepted: Bool
    }

    /// Refines `initial` = T_source←target.
    ///
    /// - Parameters:
    ///   - target: the target frame (any channel count; converted to gray).
    ///   - depth: the target frame's depth in metres at the target's size (0 = unknown).
    ///   - source: the source frame, the same size as the target.
    ///   - intrinsics: the camera at the frames' size.
    public func refine(target: Image, depth: DepthMap, source: Image, intrinsics: Intrinsics,
                       initial: RigidTransform) -> Result {
        precondition(target.width == source.width && target.height == source.height
                     && depth.width == target.width && depth.height == target.height,
                     "PoseRefinement: target \(target.width)x\(target.height), source \(source.width)x\(source.height), depth \(depth.width)x\(depth.height)")
        let pyramid = Self.pyramid(target: target.gray(), source: source.gray(), depth: depth, intrinsics: intrinsics,
                                   levels: levels, finestWidth: finestWidth)
        var motion = initial
        for level in pyramid.reversed() {
            motion = align(level, from: motion)
        }
        let costs = pyramid[0].costs([initial, motion], huberThreshold: huberThreshold)
        let initialCost = costs[0], finalCost = costs[1]
        let accepted = finalCost < initialCost
        return Result(motion: accepted ? motion : initial, initialCost: initialCost, finalCost: accepted ? finalCost : initialCost,
                      accepted: accepted)
    }

    /// Levenberg-Marquardt on one level, starting at `start`.
    private func align(_ level: AlignmentLevel, from start: RigidTransform) -> RigidTransform {
        var motion = start
        var damping = 1e-4
        for _ in 0..<iterationsPerLevel {
            let (hessian, gradient) = level.normalEquations(motion, huberThreshold: huberThreshold)
            var improved = false
            for _ in 0..<6 {
                var damped = hessian
                for i in 0..<6 { damped[i * 6 + i] += damping * max(hessian[i * 6 + i], 1e-9) }
                guard let step = solveSymmetric6(damped, gradient.map { -$0 }) else { damping *= 10; continue }
                let candidate = RigidTransform(rotation: Matrix3.rotation(axisAngle: [step[3], step[4], step[5]]),
                                               translation: [step[0], step[1], step[2]]) * motion
                let costs = level.costs([motion, candidate], huberThreshold: huberThreshold)
                if costs[1] < costs[0] {
                    motion = candidate
                    damping = max(damping / 4, 1e-7)
                    improved = step.map(abs).max()! > 1e-6
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        return motion
    }

    /// Levels from finest (index 0, at most `finestWidth` wide) to coarsest (at least 16 px wide).
    static func pyramid(target: Image, source: Image, depth: DepthMap, intrinsics: Intrinsics,
                        levels: Int, finestWidth: Int) -> [AlignmentLevel] {
        var width = target.width, height = target.height
        while width > finestWidth && width >= 32 && height >= 32 { width /= 2; height /= 2 }
        var result: [AlignmentLevel] = []
        while result.count < levels && width >= 16 && height >= 12 {
            result.append(AlignmentLevel(
                target: target.resized(width: width, height: height, method: .area),
                source: source.resized(width: width, height: height, method: .area),
                depth: depth.resized(width: width, height: height),
                intrinsics: intrinsics.rescaled(width: width, height: height)))
            width /= 2; height /= 2
        }
        return result
    }
}

/// One pyramid level of ``PoseRefinement``: the target's back-projected pixels and the source's
/// brightness and gradients.
struct AlignmentLevel {
    let intrinsics: Intrinsics
    let source: Image
    /// Horizontal and vertical central differences of the source brightness.
    let gradientX: [Float], gradientY: [Float]
    /// Textured target pixels with a depth: their 3-D point in the target camera and their brightness.
    let points: [SIMD3<Double>], brightness: [Float]

    /// Pixels whose brightness changes less than this over their two neighbours (horizontal plus
    /// vertical) are left out.
    static let minimumTexture: Float = 0.01

    init(target: Image, source: Image, depth: DepthMap, intrinsics: Intrinsics) {
        self.intrinsics = intrinsics
        self.source = source
        let width = source.width, height = source.height
        var gx = [Float](repeating: 0, count: width * height), gy = gx
        for y in 0..<height {
            for x in 0..<width {
                let left = source.pixels[y * width + max(x - 1, 0)], right = source.pixels[y * width + min(x + 1, width - 1)]
                let up = source.pixels[max(y - 1, 0) * width + x], down = source.pixels[min(y + 1, height - 1) * width + x]
                gx[y * width + x] = (right - left) / 2
                gy[y * width + x] = (down - up) / 2
            }
        }
        gradientX = gx; gradientY = gy
        // Only textured target pixels constrain the motion: flat ones are left out (cheaper).
        var points: [SIMD3<Double>] = [], brightness: [Float] = []
        for y in 1..<max(1, height - 1) {
            for x in 1..<max(1, width - 1) where depth[x, y] > 0 {
                let i = y * width + x
                let texture = abs(target.pixels[i + 1] - target.pixels[i - 1]) + abs(target.pixels[i + width] - target.pixels[i - width])
                guard texture >= Self.minimumTexture else { continue }
                points.append(intrinsics.backproject(pixel: [Double(x), Double(y)], depth: Double(depth[x, y])))
                brightness.append(target.pixels[i])
            }
        }
        self.points = points; self.brightness = brightness
    }

    /// Where `point` (source camera frame) lands in the source, if inside with a margin of a pixel.
    private func sourcePixel(_ point: SIMD3<Double>) -> SIMD2<Double>? {
        guard point.z > 1e-3 else { return nil }
        let pixel = intrinsics.project(point)
        guard pixel.x >= 0, pixel.y >= 0, pixel.x <= Double(source.width - 2), pixel.y <= Double(source.height - 2) else { return nil }
        return pixel
    }

    /// Bilinear sample of `values` (a source-sized plane) at `pixel`.
    private func sample(_ values: [Float], at pixel: SIMD2<Double>) -> Float {
        let x0 = Int(pixel.x), y0 = Int(pixel.y)
        let fx = Float(pixel.x - Double(x0)), fy = Float(pixel.y - Double(y0))
        let i = y0 * source.width + x0
        let top = values[i] + fx * (values[i + 1] - values[i])
        let bottom = values[i + source.width] + fx * (values[i + source.width + 1] - values[i + source.width])
        return top + fy * (bottom - top)
    }

    /// Huber loss of a residual.
    private static func huber(_ r: Float, _ k: Float) -> Float {
        let a = abs(r)
        return a <= k ? 0.5 * r * r : k * (a - 0.5 * k)
    }

    /// The mean Huber cost of each motion over the target pixels that every one of them keeps
    /// inside the source (so that no motion gains by pushing pixels out of view); zeros when
    /// none is.
    func costs(_ motions: [RigidTransform], huberThreshold k: Float) -> [Double] {
        let partials = Parallel.mapChunks(points.count, minimumPerChunk: 2048) { range -> [Double] in
            var totals = [Double](repeating: 0, count: motions.count + 1)   // costs, then the count
            var residuals = [Float](repeating: 0, count: motions.count)
            for index in range {
                var inside = true
                for (m, motion) in motions.enumerated() {
                    guard let pixel = sourcePixel(motion.apply(points[index])) else { inside = false; break }
                    residuals[m] = sample(source.pixels, at: pixel) - brightness[index]
                }
                guard inside else { continue }
                totals[motions.count] += 1
                for m in motions.indices { totals[m] += Double(Self.huber(residuals[m], k)) }
            }
            return totals
        }
        let count = partials.map { $0[motions.count] }.reduce(0, +)
        return motions.indices.map { m in count == 0 ? 0 : partials.map { $0[m] }.reduce(0, +) / count }
    }

    /// Gauss-Newton normal equations `H δ = −g` (Huber weights, IRLS) for the left update
    /// `exp(δ)·motion`, δ = (translation, rotation): H is 6x6 row-major, g has 6 entries.
    func normalEquations(_ motion: RigidTransform, huberThreshold k: Float) -> (hessian: [Double], gradient: [Double]) {
        let partials = Parallel.mapChunks(points.count, minimumPerChunk: 2048) { range -> [Double] in
            var sums = [Double](repeating: 0, count: 42)   // H (36, upper triangle), then g (6)
            for index in range {
                let moved = motion.apply(points[index])
                guard let pixel = sourcePixel(moved) else { continue }
                let residual = sample(source.pixels, at: pixel) - brightness[index]
                let weight = Double(abs(residual) <= k ? 1 : k / abs(residual))
                let gx = Double(sample(gradientX, at: pixel)), gy = Double(sample(gradientY, at: pixel))
                let inverseZ = 1 / moved.z
                // d(brightness)/d(moved point), through the projection
                let dx = gx * intrinsics.fx * inverseZ, dy = gy * intrinsics.fy * inverseZ
                let dPoint = SIMD3<Double>(dx, dy, -(dx * moved.x + dy * moved.y) * inverseZ)
                // d(moved)/dδ = [I | −[moved]×]  ⇒  rotation part = moved × dPoint
                let rotationPart = cross(moved, dPoint)
                let jacobian = SIMD8<Double>(dPoint.x, dPoint.y, dPoint.z, rotationPart.x, rotationPart.y, rotationPart.z, 0, 0)
                let weighted = weight * jacobian
                for i in 0..<6 {
                    sums[36 + i] += weighted[i] * Double(residual)
                    for j in i..<6 { sums[i * 6 + j] += weighted[i] * jacobian[j] }
                }
            }
            return sums
        }
        var sums = [Double](repeating: 0, count: 42)
        for partial in partials { for i in 0..<42 { sums[i] += partial[i] } }
        var hessian = Array(sums[0..<36])
        for i in 0..<6 { for j in 0..<i { hessian[i * 6 + j] = hessian[j * 6 + i] } }
        return (hessian, Array(sums[36..<42]))
    }

}

/// Solves the symmetric positive-definite 6x6 system `a x = b` (row-major `a`) by Cholesky;
/// `nil` when `a` is not positive definite.
func solveSymmetric6(_ a: [Double], _ b: [Double]) -> [Double]? {
    var l = [Double](repeating: 0, count: 36)
    for i in 0..<6 {
        for j in 0...i {
            var sum = a[i * 6 + j]
            for k in 0..<j { sum -= l[i * 6 + k] * l[j * 6 + k] }
            if i == j {
                guard sum > 0 else { return nil }
                l[i * 6 + i] = sum.squareRoot()
            } else {
                l[i * 6 + j] = sum / l[j * 6 + j]
            }
        }
    }
    var y = [Double](repeating: 0, count: 6)
    for i in 0..<6 {
        var sum = b[i]
        for k in 0..<i { sum -= l[i * 6 + k] * y[k] }
        y[i] = sum / l[i * 6 + i]
    }
    var x = [Double](repeating: 0, count: 6)
    for i in (0..<6).reversed() {
        var sum = y[i]
        for k in (i + 1)..<6 { sum -= l[k * 6 + i] * x[k] }
        x[i] = sum / l[i * 6 + i]
    }
    return x
}
