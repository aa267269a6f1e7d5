import Imaging
import Testing

/// Reference colours from matplotlib's `_cm_listed.py` (viridis, magma) and Google's turbo look-up
/// table (https://gist.github.com/mikhailov-work/ee72ba4191942acecc03fe6da94fc73f): entries 0
/// and 255, and viridis entry 128.
@Suite struct ColorMapTests {
    func expectClose(_ a: SIMD3<Float>, _ b: SIMD3<Float>, within tolerance: Float, _ label: String) {
        let difference = a - b
        #expect(max(abs(difference.x), abs(difference.y), abs(difference.z)) <= tolerance, "\(label): \(a) vs \(b)")
    }

    func luminance(_ c: SIMD3<Float>) -> Float { 0.2126 * c.x + 0.7152 * c.y + 0.0722 * c.z }

    @Test func viridisMatchesMatplotlib() {
        expectClose(ColorMap.viridis.color(at: 0), [0.267004, 0.004874, 0.329415], within: 0.02, "0")
        expectClose(ColorMap.viridis.color(at: 128 / 255), [0.127568, 0.566949, 0.550556], within: 0.02, "128/255")
        expectClose(ColorMap.viridis.color(at: 1), [0.993248, 0.906157, 0.143936], within: 0.02, "1")
    }

    @Test func magmaMatchesMatplotlib() {
        expectClose(ColorMap.magma.color(at: 0), [0.001462, 0.000466, 0.013866], within: 0.02, "0")
        expectClose(ColorMap.magma.color(at: 1), [0.987053, 0.991438, 0.749504], within: 0.02, "1")
    }

    @Test func turboMatchesItsTableWithinThePolynomialsError() {
        expectClose(ColorMap.turbo.color(at: 0), [0.18995, 0.07176, 0.23217], within: 0.13, "0")
        expectClose(ColorMap.turbo.color(at: 1), [0.47960, 0.01583, 0.01055], within: 0.13, "1")
        // Green dominates in the middle of the rainbow.
        let middle = ColorMap.turbo.color(at: 0.5)
        #expect(middle.y > middle.x && middle.y > middle.z, "\(middle)")
    }

    @Test(arguments: [ColorMap.viridis, .magma])
    func luminanceIncreasesMonotonically(map: ColorMap) {
        let lumas = (0...255).map { luminance(map.color(at: Float($0) / 255)) }
        for i in 1..<lumas.count { #expect(lumas[i] > lumas[i - 1], "\(map.name) at \(i)") }
    }

    @Test(arguments: [ColorMap.turbo, .viridis, .magma])
    func colorsStayInRangeAndClampT(map: ColorMap) {
        for i in 0...1000 {
            let c = map.color(at: Float(i) / 1000)
            #expect(c.min() >= 0 && c.max() <= 1)
        }
        #expect(map.color(at: -3) == map.color(at: 0))
        #expect(map.color(at: 7) == map.color(at: 1))
        #expect(map.color(at: .nan) == map.color(at: 0))
    }

    @Test func renderMapsTheRangeAndMarksNonFiniteValues() {
        let invalid: SIMD3<Float> = [1, 0, 1]
        let image = ColorMap.viridis.render([2, 4, 6, .nan, .infinity, 10], width: 3, height: 2, range: 2...6, invalid: invalid)
        #expect(image.width == 3 && image.height == 2 && image.channels == 3)
        func pixel(_ i: Int) -> SIMD3<Float> { [image.pixels[3 * i], image.pixels[3 * i + 1], image.pixels[3 * i + 2]] }
        #expect(pixel(0) == ColorMap.viridis.color(at: 0))
        #expect(pixel(1) == ColorMap.viridis.color(at: 0.5))
        #expect(pixel(2) == ColorMap.viridis.color(at: 1))
        #expect(pixel(3) == invalid && pixel(4) == invalid)
        #expect(pixel(5) == ColorMap.viridis.color(at: 1))
        let flat = ColorMap.turbo.render([5, 5], width: 2, height: 1, range: 5...5)
        #expect(flat.pixels == ColorMap.turbo.render([0, 0], width: 2, height: 1, range: 0...1).pixels)
    }

    @Test func legendRunsFromStartToEndLeftToRight() {
        let legend = ColorMap.magma.legend(width: 64, height: 5)
        #expect(legend.width == 64 && legend.height == 5 && legend.channels == 3)
        for y in 0..<5 {
            #expect(SIMD3(legend[0, y, 0], legend[0, y, 1], legend[0, y, 2]) == ColorMap.magma.color(at: 0))
            #expect(SIMD3(legend[63, y, 0], legend[63, y, 1], legend[63, y, 2]) == ColorMap.magma.color(at: 1))
        }
    }
}
