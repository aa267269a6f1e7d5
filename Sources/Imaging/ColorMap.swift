/// A colour map: a smooth path through RGB space for t in [0, 1], given as one polynomial per
/// channel (published least-squares / minimax fits to the original look-up tables).
public struct ColorMap: Sendable {
    /// A short name ("turbo", "viridis", "magma").
    public let name: String
    /// Coefficients `c0, c1, ...` of `c0 + t·c1 + t²·c2 + ...`, one SIMD lane per channel.
    let coefficients: [SIMD3<Double>]

    /// Turbo (Mikhailov, Google 2019): a rainbow map with smooth luminance, for errors.
    /// Degree-5 polynomial approximation by Ruofei Du (Apache-2.0), accurate to about 0.01
    /// except near the ends, where it is up to 0.13 off the look-up table in blue.
    public static let turbo = ColorMap(name: "turbo", coefficients: [
        [0.13572138, 0.09140261, 0.10667330],
        [4.61539260, 2.19418839, 12.64194608],
        [-42.66032258, 4.84296658, -60.58204836],
        [132.13108234, -14.18503333, 110.36276771],
        [-152.94239396, 4.27729857, -89.90310912],
        [59.28637943, 2.82956604, 27.34824973],
    ])

    /// Viridis (van der Walt & Smith, matplotlib 2015): perceptually uniform with monotone
    /// luminance, for depth. Degree-6 polynomial fit by Matt Zucker (CC0), within 0.02 of the
    /// matplotlib table (largest at the ends).
    public static let viridis = ColorMap(name: "viridis", coefficients: [
        [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
        [0.1050930431085774, 1.404613529898575, 1.384590162594685],
        [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
        [-4.634230498983486, -5.799100973351585, -19.33244095627987],
        [6.228269936347081, 14.17993336680509, 56.69055260068105],
        [4.776384997670288, -13.74514537774601, -65.35303263337234],
        [-5.435455855934631, 4.645852612178535, 26.3124352495832],
    ])

    /// Magma (matplotlib 2015): black through purple to light yellow, monotone luminance.
    /// Degree-6 polynomial fit by Matt Zucker (CC0), within 0.02 of the matplotlib table.
    public static let magma = ColorMap(name: "magma", coefficients: [
        [-0.002136485053939582, -0.000749655052795221, -0.005386127855323933],
        [0.2516605407371642, 0.6775232436837668, 2.494026599312351],
        [8.353717279216625, -3.577719514958484, 0.3144679030132573],
        [-27.66873308576866, 14.26473078096533, -13.64921318813922],
        [52.17613981234068, -27.94360607168351, 12.94416944238394],
        [-50.76852536473588, 29.04658282127291, 4.23415299384598],
        [18.65570506591883, -11.48977351997711, -5.601961508734096],
    ])

    /// The RGB colour (components in [0, 1]) at `t`, clamped to [0, 1] (NaN counts as 0).
    public func color(at t: Float) -> SIMD3<Float> {
        let x = t.isNaN ? 0 : Double(min(max(t, 0), 1))
        var value = coefficients[coefficients.count - 1]
        for c in coefficients.dropLast().reversed() { value = value * x + c }
        return SIMD3<Float>(value.clamped(lowerBound: .zero, upperBound: .one))
    }

    /// A 3-channel `width` × `height` image of `values` (row-major, `width · height` of them),
    /// `range.lowerBound` mapped to the map's start and `range.upperBound` to its end (values
    /// outside are clamped); non-finite values get the `invalid` colour. A range of zero width
    /// maps everything to the start.
    public func render(_ values: [Float], width: Int, height: Int, range: ClosedRange<Float>,
                       invalid: SIMD3<Float> = .zero) -> Image {
        precondition(values.count == width * height, "ColorMap.render: \(values.count) values for \(width)x\(height)")
        let span = range.upperBound - range.lowerBound
        var pixels = [Float](repeating: 0, count: values.count * 3)
        for (i, value) in values.enumerated() {
            let rgb = value.isFinite ? color(at: span > 0 ? (value - range.lowerBound) / span : 0) : invalid
            pixels[3 * i] = rgb.x; pixels[3 * i + 1] = rgb.y; pixels[3 * i + 2] = rgb.z
        }
        return Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// A horizontal gradient bar for a legend: column `x` shows `color(at: x / (width − 1))`, so
    /// the left edge is the start of the range and the right edge its end.
    public func legend(width: Int, height: Int) -> Image {
        precondition(width > 0 && height > 0, "ColorMap.legend: bad size \(width)x\(height)")
        let row = (0..<width).map { Float($0) / Float(max(width - 1, 1)) }
        return render(Array(repeating: row, count: height).flatMap { $0 }, width: width, height: height, range: 0...1)
    }
}
