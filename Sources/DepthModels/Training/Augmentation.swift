import Geometry
import Tensors

/// Photometric and geometric augmentation of training triplets (Monodepth2 recipe): colour
/// jitter on the networks' inputs only (the losses compare un-jittered images), and horizontal
/// flips of whole triplets (images and intrinsics flipped together, so geometry stays valid).
public struct Augmentation: Sendable {
    /// Maximum relative change of brightness, contrast and saturation (uniform in ±).
    public var brightness: Float = 0.2, contrast: Float = 0.2, saturation: Float = 0.2
    /// Maximum hue rotation in turns (a rotation of the RGB cube about its gray axis).
    public var hue: Float = 0.05
    /// Probability that a batch is flipped left–right (a whole batch at once: its items share
    /// one set of intrinsics, which flips with it).
    public var flipProbability: Float = 0.5

    /// The recipe's defaults.
    public init() {}

    /// Colour-jitters the frames of a batch (each [N, 3, H, W]); batch item i gets one random
    /// draw applied to all of its frames, so the networks see a consistent appearance change
    /// across a triplet.
    public func jitter(_ frames: [Tensor], generator: inout SplitMix64) -> [Tensor] {
        let batch = frames[0].shape[0], plane = frames[0].shape[2] * frames[0].shape[3]
        let outputs = frames.map { Tensor(shape: $0.shape, storage: $0.storage.copy()) }
        for item in 0..<batch {
            let b = 1 + generator.nextFloat(in: -brightness...brightness)
            let c = 1 + generator.nextFloat(in: -contrast...contrast)
            let s = 1 + generator.nextFloat(in: -saturation...saturation)
            let hueMatrix = Self.hueRotation(turns: generator.nextFloat(in: -hue...hue))
            for frame in outputs {
                let base = frame.storage.pointer + item * 3 * plane
                var mean: Float = 0
                for p in 0..<(3 * plane) { mean += base[p] }
                mean /= Float(3 * plane)
                for p in 0..<plane {
                    var rgb = SIMD3<Float>(base[p], base[plane + p], base[2 * plane + p]) * b
                    rgb = (rgb - mean * b) * c + mean * b
                    let gray = (rgb * SIMD3<Float>(0.299, 0.587, 0.114)).sum()
                    rgb = (rgb - gray) * s + gray
                    rgb = SIMD3((hueMatrix.0 * rgb).sum(), (hueMatrix.1 * rgb).sum(), (hueMatrix.2 * rgb).sum())
                    rgb = rgb.clamped(lowerBound: .zero, upperBound: .one)
                    base[p] = rgb.x; base[plane + p] = rgb.y; base[2 * plane + p] = rgb.z
                }
            }
        }
        return outputs
    }

    /// A rotation of RGB space by `turns` about the gray diagonal (a hue shift that keeps gray).
    static func hueRotation(turns: Float) -> (SIMD3<Float>, SIMD3<Float>, SIMD3<Float>) {
        let angle = turns * 2 * .pi
        let cosine = Float(cos(Double(angle))), sine = Float(sin(Double(angle)))
        let third: Float = 1.0 / 3.0, root = Float(third).squareRoot()
        let a = cosine + (1 - cosine) * third
        let b = third * (1 - cosine) - root * sine
        let c = third * (1 - cosine) + root * sine
        return (SIMD3(a, b, c), SIMD3(c, a, b), SIMD3(b, c, a))
    }

    /// `frames` (each [N, C, H, W]) mirrored left–right; pair with
    /// ``Intrinsics/flippedHorizontally`` for the camera.
    public static func flipHorizontally(_ frames: [Tensor]) -> [Tensor] {
        frames.map { frame in
            let output = Tensor(shape: frame.shape, storage: frame.storage.copy())
            let width = frame.shape[3]
            for row in 0..<(frame.count / width) {
                let line = output.storage.pointer + row * width
                var left = 0, right = width - 1
                while left < right {
                    (line[left], line[right]) = (line[right], line[left])
                    left += 1; right -= 1
                }
            }
            return output
        }
    }
}

extension Augmentation {
    /// Motions [N, 6] (axis-angle, translation) as seen in mirrored images: mirroring x
    /// negates tx, and the rotation vector, a pseudovector, keeps ωx and negates ωy and ωz.
    public static func flipMotionsHorizontally(_ motion: Tensor) -> Tensor {
        motion * Tensor(shape: [1, 6], values: [1, -1, -1, -1, 1, 1])
    }
}

extension Intrinsics {
    /// The intrinsics of the mirrored image: the principal point reflected about the centre.
    public var flippedHorizontally: Intrinsics {
        Intrinsics(fx: fx, fy: fy, cx: Double(width - 1) - cx, cy: cy, width: width, height: height)
    }
}

#if canImport(Glibc)
import Glibc
#endif
