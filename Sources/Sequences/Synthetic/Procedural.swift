/// Seeded, band-limited procedural building blocks for the materials (Float, no allocation).
///
/// Every function takes a `footprint`: the width of the area one colour sample covers, in the
/// same units as its coordinate. Detail finer than about two samples fades to its mean, which is
/// what keeps the rendered textures free of aliasing.
enum Procedural {
    /// A hash of a lattice point and a seed to a float in [0, 1).
    @inline(__always)
    static func hash(_ x: Int32, _ y: Int32, _ seed: UInt32) -> Float {
        var h = UInt32(bitPattern: x) &* 0x8DA6_B343 ^ UInt32(bitPattern: y) &* 0xD816_3841 ^ (seed &+ 0x9E37_79B9) &* 0xCB1A_B31F
        h = (h ^ (h >> 15)) &* 0x2C1B_3C6D
        h = (h ^ (h >> 12)) &* 0x297A_2D39
        h ^= h >> 15
        return Float(h >> 8) * (1 / 16_777_216)
    }

    /// The lattice cell that holds `value` (clamped so that the conversion can never trap).
    @inline(__always)
    static func cell(_ value: Float) -> Int32 { Int32(max(-1e9, min(1e9, value.rounded(.down)))) }

    /// Smoothly interpolated value noise in [0, 1] with features one unit apart.
    @inline(__always)
    static func valueNoise(_ point: SIMD2<Float>, seed: UInt32) -> Float {
        let ix = cell(point.x), iy = cell(point.y)
        let fx = point.x - Float(ix), fy = point.y - Float(iy)
        let sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy)
        let a = hash(ix, iy, seed), b = hash(ix &+ 1, iy, seed)
        let c = hash(ix, iy &+ 1, seed), d = hash(ix &+ 1, iy &+ 1, seed)
        let bottom = a + (b - a) * sx, top = c + (d - c) * sx
        return bottom + (top - bottom) * sy
    }

    /// How much of a feature of `period` survives at `footprint`: 1 when a period spans four
    /// footprints or more, 0 at two or fewer.
    @inline(__always)
    static func fade(period: Float, footprint: Float) -> Float {
        max(0, min(1, 2 - 4 * footprint / period))
    }

    /// Fractal value noise in [0, 1] (mean 0.5): `octaves` octaves, each twice the frequency and
    /// half the amplitude of the one before, each faded out below the footprint.
    @inline(__always)
    static func fbm(_ point: SIMD2<Float>, octaves: Int, footprint: Float, seed: UInt32) -> Float {
        var sum: Float = 0, amplitude: Float = 0.5, total: Float = 0, scale: Float = 1, period: Float = 1
        for octave in 0..<octaves {
            let weight = fade(period: period, footprint: footprint)
            if weight > 0 {
                sum += amplitude * weight * (valueNoise(point * scale, seed: seed &+ UInt32(octave) &* 7919) - 0.5)
            }
            total += amplitude
            amplitude *= 0.5; scale *= 2; period *= 0.5
        }
        return 0.5 + sum / total
    }

    /// The fraction of the window `[x − footprint/2, x + footprint/2]` covered by pulses of
    /// `width` centred on the multiples of `period` (an exactly box-filtered pulse train).
    @inline(__always)
    static func pulseCoverage(_ x: Float, period: Float, width: Float, footprint: Float) -> Float {
        @inline(__always) func integral(_ value: Float) -> Float {
            let shifted = value + width / 2
            let periods = (shifted / period).rounded(.down)
            return periods * width + min(shifted - periods * period, width)
        }
        if footprint < period * 1e-4 {
            let shifted = x + width / 2
            return shifted - (shifted / period).rounded(.down) * period < width ? 1 : 0
        }
        return max(0, min(1, (integral(x + footprint / 2) - integral(x - footprint / 2)) / footprint))
    }

    /// A filtered disc edge: 1 inside `radius`, 0 outside, a linear ramp one footprint wide.
    @inline(__always)
    static func discCoverage(distance: Float, radius: Float, footprint: Float) -> Float {
        max(0, min(1, (radius - distance) / max(footprint, 1e-6) + 0.5))
    }
}
