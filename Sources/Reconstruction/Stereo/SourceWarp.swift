import Geometry
import Imaging
import Parallelism
import PhotometricKernels

/// One source frame of a ``PlaneSweepStereo``: the reference pixels' points moved into the
/// source camera once, so that each depth factor `f` only scales them (`f · R·X + t`) before
/// they are projected and the source's brightness is sampled there.
struct SourceWarp {
    private let rotated: [[Float]]
    private let translation: SIMD3<Float>
    private let gray: [Float]
    private let intrinsics: Intrinsics
    private let focal: SIMD2<Float>, centre: SIMD2<Float>

    /// Precomputes `R·X` for the reference's camera points `points` (x, y, z planes).
    init(points: [[Float]], reference: RigidTransform, source: PlaneSweepStereo.View, intrinsics: Intrinsics) {
        precondition(intrinsics.width * intrinsics.height < 1 << 24,
                     "PlaneSweepStereo: \(intrinsics.width)x\(intrinsics.height) frames, 2^24 pixels at most")
        let sourceFromReference = source.worldFromCamera.inverse * reference
        let r = sourceFromReference.rotation
        let count = points[0].count
        rotated = (0..<3).map { row in
            let a = Float(r[row, 0]), b = Float(r[row, 1]), c = Float(r[row, 2])
            return points[0].withUnsafeBufferPointer { x in
                points[1].withUnsafeBufferPointer { y in
                    points[2].withUnsafeBufferPointer { z in
                        [Float](unsafeUninitializedCapacity: count) { row, initialized in
                            for index in 0..<count { row[index] = a * x[index] + b * y[index] + c * z[index] }
                            initialized = count
                        }
                    }
                }
            }
        }
        translation = SIMD3<Float>(sourceFromReference.translation)
        gray = source.gray
        self.intrinsics = intrinsics
        focal = SIMD2(Float(intrinsics.fx), Float(intrinsics.fy))
        centre = SIMD2(Float(intrinsics.cx), Float(intrinsics.cy))
    }

    /// The source's brightness where each reference pixel lands with its depth times `factor`
    /// (bilinear, clamped at the borders), and in `inside` 1 where it lands inside the source in
    /// front of it, 0 elsewhere.
    func sample(factor: Float, into warped: inout [Float], inside: inout [Float]) {
        let width = intrinsics.width, height = intrinsics.height
        rotated[0].withUnsafeBufferPointer { rx in
        rotated[1].withUnsafeBufferPointer { ry in
        rotated[2].withUnsafeBufferPointer { rz in
        gray.withUnsafeBufferPointer { image in
        warped.withUnsafeMutableBufferPointer { warped in
        inside.withUnsafeMutableBufferPointer { inside in
            let source = PlaneWarpSource(rotatedX: rx.baseAddress!, rotatedY: ry.baseAddress!, rotatedZ: rz.baseAddress!,
                                         translation: translation, focal: focal, centre: centre,
                                         image: image.baseAddress!, width: width, height: height)
            let (warped, inside) = (warped.baseAddress!, inside.baseAddress!)
            Parallel.forEachChunk(width * height, minimumPerChunk: 8192) { pixels in
                photometricKernels.planeWarp(source, factor, pixels, warped, inside)
            }
        }}}}}}
    }
}
