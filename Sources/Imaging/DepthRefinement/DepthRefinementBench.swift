import Foundation

/// A synthetic scene for measuring depth refinement, drawn analytically at any size: a slanted
/// textured wall, a floor meeting it at a crease, two boxes (red, blue) with fronto-parallel
/// faces and a round disc whose colour is close to the wall's (a low-contrast edge, the hard
/// case for any image-guided method).
///
/// ``predicted`` imitates a depth network's output: the ground truth blurred across its edges
/// (a Gaussian in inverse depth, σ = `blurSigma` pixels at 256 px width, scaled with the width)
/// times `1 + noise · n` with n of unit variance, independent per pixel. Deterministic for a seed.
/// Used by the refinement tests and the "refinement" benchmark section.
public struct DepthRefinementBench: Sendable {
    /// The RGB image (the refinement guide).
    public let guide: Image
    /// The true depth, metres.
    public let groundTruth: DepthMap
    /// The blurred, noisy depth to refine.
    public let predicted: DepthMap

    /// Draws the scene at `width` x `height`.
    public init(width: Int, height: Int, blurSigma: Float = 2, noise: Float = 0.02, seed: UInt64 = 1) {
        var colors = [Float](repeating: 0, count: width * height * 3)
        var depths = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let u = (Float(x) + 0.5) / Float(width), v = (Float(y) + 0.5) / Float(height)
                let (depth, color) = Self.surface(u: u, v: v, aspect: Float(width) / Float(height))
                let index = y * width + x
                depths[index] = depth
                for channel in 0..<3 {
                    let grain = 0.02 * uniformNoise(index * 3 + channel, seed: seed ^ 0x5EED)
                    colors[index * 3 + channel] = min(max(color[channel] + grain, 0), 1)
                }
            }
        }
        guide = Image(width: width, height: height, channels: 3, pixels: colors)
        groundTruth = DepthMap(width: width, height: height, depths: depths)
        let sigma = blurSigma * Float(width) / 256
        let blurredInverse = gaussianBlur(depths.map { 1 / $0 }, width: width, height: height, sigma: sigma)
        predicted = DepthMap(width: width, height: height, depths: blurredInverse.enumerated().map { index, inverse in
            // Sum of two uniforms on [-1, 1] has variance 2/3: scale to unit variance.
            let n = (uniformNoise(2 * index, seed: seed) + uniformNoise(2 * index + 1, seed: seed)) * (1.5 as Float).squareRoot()
            return (1 / inverse) * (1 + noise * n)
        })
    }

    /// Depth and colour of the nearest surface through normalised image point (`u`, `v`).
    private static func surface(u: Float, v: Float, aspect: Float) -> (Float, SIMD3<Float>) {
        let wallDepth = 4 + 0.8 * u
        let stripes = 0.04 * sin(2 * Float.pi * u * 40)
        var nearest: (Float, SIMD3<Float>) = (wallDepth, SIMD3(0.85, 0.80, 0.70) + stripes)
        if v > 0.5 {
            let floorDepth = 0.9 / (v - 0.5)
            let tile = (Int(u * 12) + Int(v * 16)) % 2 == 0 ? Float(0.05) : -0.05
            if floorDepth < nearest.0 { nearest = (floorDepth, SIMD3(0.45, 0.33, 0.22) + tile) }
        }
        if u > 0.12, u < 0.38, v > 0.30, v < 0.80, 2.0 < nearest.0 { nearest = (2.0, SIMD3(0.65, 0.25, 0.20)) }
        if u > 0.55, u < 0.80, v > 0.45, v < 0.85, 2.6 < nearest.0 { nearest = (2.6, SIMD3(0.20, 0.35, 0.70)) }
        let du = (u - 0.5) * aspect, dv = v - 0.3
        if du * du + dv * dv < 0.12 * 0.12, 1.4 < nearest.0 { nearest = (1.4, SIMD3(0.76, 0.72, 0.62)) }
        return nearest
    }
}

/// A uniform number in [−1, 1) from a hash of (`index`, `seed`) (SplitMix64's finaliser).
private func uniformNoise(_ index: Int, seed: UInt64) -> Float {
    var z = seed &+ UInt64(truncatingIfNeeded: index &+ 1) &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Float(z >> 40) / Float(1 << 23) - 1
}

/// Separable Gaussian blur with clamp-to-edge borders, kernel radius 3σ.
private func gaussianBlur(_ values: [Float], width: Int, height: Int, sigma: Float) -> [Float] {
    let radius = max(1, Int((3 * sigma).rounded(.up)))
    var kernel = (-radius...radius).map { exp(-Float($0 * $0) / (2 * sigma * sigma)) }
    let total = kernel.reduce(0, +)
    kernel = kernel.map { $0 / total }
    var horizontal = [Float](repeating: 0, count: values.count)
    for y in 0..<height {
        for x in 0..<width {
            var sum: Float = 0
            for (tap, weight) in kernel.enumerated() {
                sum += weight * values[y * width + min(max(x + tap - radius, 0), width - 1)]
            }
            horizontal[y * width + x] = sum
        }
    }
    var blurred = [Float](repeating: 0, count: values.count)
    for y in 0..<height {
        for x in 0..<width {
            var sum: Float = 0
            for (tap, weight) in kernel.enumerated() {
                sum += weight * horizontal[min(max(y + tap - radius, 0), height - 1) * width + x]
            }
            blurred[y * width + x] = sum
        }
    }
    return blurred
}
