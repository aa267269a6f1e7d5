import Foundation

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
    @inlinable public init(fx: Double, fy: Double, cx: Double, cy: Double, width: Int, height: Int) {
        self.fx = fx; self.fy = fy; self.cx = cx; self.cy = cy
        self.width = width; self.height = height
    }

    /// A camera with square pixels and the principal point at the image centre whose image spans
    /// `degrees` horizontally: `fx = fy = (width / 2) / tan(degrees / 2)`,
    /// `cx = (width − 1) / 2`, `cy = (height − 1) / 2`. The fallback for image folders without
    /// calibration.
    public init(horizontalFieldOfView degrees: Double, width: Int, height: Int) {
        precondition(degrees > 0 && degrees < 180, "Intrinsics: horizontal field of view \(degrees)° not in (0°, 180°)")
        let focal = Double(width) / 2 / tan(degrees * .pi / 360)
        self.init(fx: focal, fy: focal, cx: Double(width - 1) / 2, cy: Double(height - 1) / 2, width: width, height: height)
    }

    /// The same camera for the image resized to `width` × `height` (scale factors
    /// `sx = width′ / width`, `sy = height′ / height`, possibly different).
    ///
    /// The continuous image extent `[−0.5, width − 0.5]` maps onto `[−0.5, width′ − 0.5]`, so
    /// `fx′ = fx · sx` and `cx′ = (cx + 0.5) · sx − 0.5` (likewise for y): the centre of an output
    /// pixel sees the same ray as the point it was resampled from (the Imaging module's bilinear and
    /// area resizing use this alignment).
    public func rescaled(width newWidth: Int, height newHeight: Int) -> Intrinsics {
        precondition(newWidth > 0 && newHeight > 0 && width > 0 && height > 0,
                     "Intrinsics.rescaled: \(width)x\(height) to \(newWidth)x\(newHeight)")
        let sx = Double(newWidth) / Double(width), sy = Double(newHeight) / Double(height)
        return Intrinsics(fx: fx * sx, fy: fy * sy, cx: (cx + 0.5) * sx - 0.5, cy: (cy + 0.5) * sy - 0.5,
                          width: newWidth, height: newHeight)
    }

    /// The pixel coordinates where camera-frame `point` appears (z must be positive).
    @inlinable public func project(_ point: SIMD3<Double>) -> SIMD2<Double> {
        SIMD2(fx * point.x / point.z + cx, fy * point.y / point.z + cy)
    }

    /// The camera-frame point at `depth` (along z) seen at `pixel`.
    @inlinable public func backproject(pixel: SIMD2<Double>, depth: Double) -> SIMD3<Double> {
        SIMD3((pixel.x - cx) / fx * depth, (pixel.y - cy) / fy * depth, depth)
    }
}
