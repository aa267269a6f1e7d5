import Geometry
import Imaging
import Parallelism
import PhotometricKernels

/// One pyramid level of ``PoseRefinement``: the target's back-projected pixels, and the
/// brightness and gradients of every frame it is aligned against.
///
/// The unknown is T_reference←target (the reference is the first source); a point `p` of the
/// target lands in source k at `A_k · T · p`, with A_k = T_k←reference fixed.
struct AlignmentLevel {
    /// One frame the target is aligned against, at this level's size.
    struct Source {
        /// The frame's brightness and gradients.
        let image: GradientImage
        /// T_source←reference.
        let fromReference: RigidTransform

        init(image: Image, fromReference: RigidTransform) {
            self.image = GradientImage(gray: image)
            self.fromReference = fromReference
        }
    }

    let intrinsics: Intrinsics
    let sources: [Source]
    /// Textured target pixels with a depth: their 3-D point in the target camera and their brightness.
    let points: [SIMD3<Double>], brightness: [Float]

    /// Pixels whose brightness changes less than this over their two neighbours (horizontal plus
    /// vertical) are left out.
    static let minimumTexture: Float = 0.01

    init(target: Image, depth: DepthMap, sources: [Source], intrinsics: Intrinsics) {
        self.intrinsics = intrinsics
        self.sources = sources
        let width = target.width, height = target.height
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

    /// The cost of each motion T_reference←target: per source, the mean Huber cost over the
    /// target pixels that every motion keeps inside that source (so that no motion gains by
    /// pushing pixels out of view), averaged over the sources that see any; zeros when none does.
    func costs(_ motions: [RigidTransform], huberThreshold k: Float) -> [Double] {
        var result = [Double](repeating: 0, count: motions.count)
        var seeing = 0
        for source in sources {
            let moved = motions.map { source.fromReference * $0 }
            let partials = Parallel.mapChunks(points.count, minimumPerChunk: 256) { range in
                photometricKernels.alignmentCosts(points, brightness, range, source.image, moved, intrinsics, k)
            }
            let count = partials.map { $0[motions.count] }.reduce(0, +)
            guard count > 0 else { continue }
            seeing += 1
            for m in motions.indices { result[m] += partials.map { $0[m] }.reduce(0, +) / count }
        }
        return result.map { seeing == 0 ? 0 : $0 / Double(seeing) }
    }

    /// Gauss-Newton normal equations `H δ = −g` (Huber weights, IRLS) of ``costs(_:huberThreshold:)``
    /// for the left update `exp(δ)·motion`, δ = (translation, rotation): H is 6x6 row-major, g has
    /// 6 entries. Each source's sums are divided by its pixel count, as its cost is a mean.
    func normalEquations(_ motion: RigidTransform, huberThreshold k: Float) -> (hessian: [Double], gradient: [Double]) {
        var hessian = [Double](repeating: 0, count: 36), gradient = [Double](repeating: 0, count: 6)
        var perSource: [[Double]] = []
        // The points in the reference camera, shared by every source's rotation columns.
        let inReference = points.map { motion.apply($0) }
        for source in sources {
            let toSource = source.fromReference * motion
            let rotationBack = source.fromReference.rotation.transposed
            let partials = Parallel.mapChunks(points.count, minimumPerChunk: 256) { range in
                photometricKernels.alignmentNormalEquations(points, inReference, brightness, range, source.image, toSource,
                                                            rotationBack, intrinsics, k)
            }
            var sums = [Double](repeating: 0, count: 43)
            for partial in partials { for i in 0..<43 { sums[i] += partial[i] } }
            if sums[42] > 0 { perSource.append(sums) }
        }
        // Each source's sums divided by its pixel count, as its cost is a mean.
        for sums in perSource {
            let scale = 1 / (sums[42] * Double(perSource.count))
            for i in 0..<36 { hessian[i] += sums[i] * scale }
            for i in 0..<6 { gradient[i] += sums[36 + i] * scale }
        }
        for i in 0..<6 { for j in 0..<i { hessian[i * 6 + j] = hessian[j * 6 + i] } }
        return (hessian, gradient)
    }
}
