/// Pinhole camera intrinsics in pixels.
///
/// Pixel-centre convention: pixel `(u, v)` with integer indices covers `[u, u+1) × [v, v+1)`, so
/// its centre is at `(u + 0.5, v + 0.5)`; `cx, cy` are in that continuous coordinate system
/// shifted by −0.5, i.e. the centre of pixel `(u, v)` projects from the ray through
/// `((u − cx) / fx, (v − cy) / fy, 1)`. This is the convention of OpenCV and TUM RGB-D.
/// Camera frame: x right, y down, z forward.
public struct Intrinsics: Equatable, Sendable, Codable {
    /// Focal lengths in pixels.
    public var fx: Double, fy: Double
    /// Principal point in pixels (integer = pixel centre).
    public var cx: Double, cy: Double
    /// Image size in pixels.
    public var width: Int, height: Int

    /// Intrinsics from their parts.
    public init(fx: Double, fy: Double, cx: Double, cy: Double, width: Int, height: Int) {
        self.fx = fx; self.fy = fy; self.cx = cx; self.cy = cy
        self.width = width; self.height = height
    }

    /// The pixel coordinates where camera-frame `point` appears (z must be positive).
    public func project(_ point: SIMD3<Double>) -> SIMD2<Double> {
        [fx * point.x / point.z + cx, fy * point.y / point.z + cy]
    }

    /// The camera-frame point at `depth` (along z) seen at `pixel`.
    public func backproject(pixel: SIMD2<Double>, depth: Double) -> SIMD3<Double> {
        [(pixel.x - cx) / fx * depth, (pixel.y - cy) / fy * depth, depth]
    }
}
