import Geometry
import Imaging

/// A gray image with its central-difference gradients, laid out so that one bilinear fetch
/// gives brightness and both derivatives: what direct alignment samples in the frames it warps
/// into.
public struct GradientImage: Sendable {
    /// The image's size in pixels.
    public let width: Int, height: Int
    /// Per pixel: brightness, its horizontal and vertical central differences, and 0.
    public let samples: [SIMD4<Float>]

    /// The samples of a one-channel image (clamped at the borders).
    public init(gray image: Image) {
        precondition(image.channels == 1, "GradientImage needs a gray image, got \(image.channels) channels")
        let width = image.width, height = image.height, pixels = image.pixels
        self.width = width; self.height = height
        var samples = [SIMD4<Float>](repeating: .zero, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let left = pixels[y * width + max(x - 1, 0)], right = pixels[y * width + min(x + 1, width - 1)]
                let up = pixels[max(y - 1, 0) * width + x], down = pixels[min(y + 1, height - 1) * width + x]
                samples[y * width + x] = [pixels[y * width + x], (right - left) / 2, (down - up) / 2, 0]
            }
        }
        self.samples = samples
    }

    /// Whether `pixel` can be sampled bilinearly (its 2x2 neighbourhood lies inside).
    @inlinable @inline(__always)
    public func contains(_ pixel: SIMD2<Double>) -> Bool {
        pixel.x >= 0 && pixel.y >= 0 && pixel.x <= Double(width - 2) && pixel.y <= Double(height - 2)
    }

    /// Where `point` (in this frame's camera) lands, if in front of it and inside with a margin of a pixel.
    @inlinable @inline(__always)
    public func pixel(of point: SIMD3<Double>, intrinsics: Intrinsics) -> SIMD2<Double>? {
        guard point.z > 1e-3 else { return nil }
        let pixel = intrinsics.project(point)
        return contains(pixel) ? pixel : nil
    }

    /// Bilinear sample of brightness and gradients at `pixel` (one that ``contains(_:)``).
    @inlinable @inline(__always)
    public static func sample(_ samples: UnsafeBufferPointer<SIMD4<Float>>, width: Int, at pixel: SIMD2<Double>) -> SIMD4<Float> {
        let (index, fraction) = corner(width: width, of: pixel)
        return sample(samples, width: width, corner: index, fraction: fraction)
    }

    /// The index of the top-left pixel of `pixel`'s bilinear neighbourhood (a pixel that
    /// ``contains(_:)``) and `pixel`'s offset from it: what ``sample(_:width:corner:fraction:)`` takes.
    @inlinable @inline(__always)
    public static func corner(width: Int, of pixel: SIMD2<Double>) -> (index: Int, fraction: SIMD2<Float>) {
        let x0 = Int(pixel.x), y0 = Int(pixel.y)
        return (y0 * width + x0, SIMD2(Float(pixel.x - Double(x0)), Float(pixel.y - Double(y0))))
    }

    /// Bilinear sample of brightness and gradients at `fraction` from the pixel at index `corner`.
    @inlinable @inline(__always)
    public static func sample(_ samples: UnsafeBufferPointer<SIMD4<Float>>, width: Int, corner i: Int, fraction: SIMD2<Float>) -> SIMD4<Float> {
        let top = samples[i] + fraction.x * (samples[i + 1] - samples[i])
        let bottom = samples[i + width] + fraction.x * (samples[i + width + 1] - samples[i + width])
        return top + fraction.y * (bottom - top)
    }
}
