import Geometry
import Imaging
import Parallelism

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
        let sourceFromReference = source.worldFromCamera.inverse * reference
        let r = sourceFromReference.rotation
        var rotated = [[Float]](repeating: [Float](repeating: 0, count: points[0].count), count: 3)
        for row in 0..<3 {
            let a = Float(r[row, 0]), b = Float(r[row, 1]), c = Float(r[row, 2])
            for index in 0..<points[0].count {
                rotated[row][index] = a * points[0][index] + b * points[1][index] + c * points[2][index]
            }
        }
        self.rotated = rotated
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
        let focal = focal, centre = centre, t = translation
        let maximumX = Float(width - 1), maximumY = Float(height - 1)
        rotated[0].withUnsafeBufferPointer { rx in
        rotated[1].withUnsafeBufferPointer { ry in
        rotated[2].withUnsafeBufferPointer { rz in
        gray.withUnsafeBufferPointer { image in
        warped.withUnsafeMutableBufferPointer { warped in
        inside.withUnsafeMutableBufferPointer { inside in
            Parallel.forEachChunk(width * height, minimumPerChunk: 8192) { pixels in
                for index in pixels {
                    let z = factor * rz[index] + t.z
                    guard rz[index] > 0, z > 0.05 else { inside[index] = 0; warped[index] = 0; continue }
                    let inverseZ = 1 / z
                    let u = focal.x * (factor * rx[index] + t.x) * inverseZ + centre.x
                    let v = focal.y * (factor * ry[index] + t.y) * inverseZ + centre.y
                    inside[index] = u >= 0 && v >= 0 && u <= maximumX && v <= maximumY ? 1 : 0
                    let su = min(max(u, 0), maximumX), sv = min(max(v, 0), maximumY)
                    let x0 = min(Int(su), width - 2), y0 = min(Int(sv), height - 2)
                    let ax = su - Float(x0), ay = sv - Float(y0)
                    let top = y0 * width + x0
                    let upper = image[top] + ax * (image[top + 1] - image[top])
                    let lower = image[top + width] + ax * (image[top + width + 1] - image[top + width])
                    warped[index] = upper + ay * (lower - upper)
                }
            }
        }}}}}}
    }
}
