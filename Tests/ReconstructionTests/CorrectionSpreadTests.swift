import Imaging
import Testing
@testable import Reconstruction

@Suite struct CorrectionSpreadTests {
    static let width = 64, height = 48

    /// A depth map 20 % too far everywhere but on a matched stripe (columns 30...33), where
    /// stereo found the truth; one pixel beside the stripe has no depth.
    static func stripeCase() -> (truth: DepthMap, input: DepthMap, refined: DepthMap, matched: [Bool]) {
        let truth = DepthMap(width: width, height: height, depths: (0..<(width * height)).map { 1 + Float($0 % width) / 32 + Float($0 / width) / 48 })
        var input = truth, refined = truth
        var matched = [Bool](repeating: false, count: width * height)
        for index in input.depths.indices {
            input.depths[index] *= 1.2
            matched[index] = (30...33).contains(index % width)
            if !matched[index] { refined.depths[index] = input.depths[index] }
        }
        input.depths[20 * width + 28] = 0
        refined.depths[20 * width + 28] = 0
        return (truth, input, refined, matched)
    }

    /// Pixels a few columns from the stripe take its correction exactly (the ratio is the same
    /// everywhere on it); pixels far from it, and pixels without depth, are left as they were.
    @Test func unmatchedPixelsNearMatchedOnesTakeTheirCorrection() {
        let (truth, input, refined, matched) = Self.stripeCase()
        var spread = CorrectionSpread()
        spread.widthFraction = 3 / Float(Self.width)
        let (depth, changed) = spread.apply(input: input, refined: refined, matched: matched)
        var counted = 0
        for y in 0..<Self.height {
            for x in 0..<Self.width {
                let index = y * Self.width + x
                if depth.depths[index] != refined.depths[index] { counted += 1 }
                if index == 20 * Self.width + 28 {
                    #expect(depth.depths[index] == 0)
                } else if (26...37).contains(x) {
                    #expect(abs(depth.depths[index] - truth.depths[index]) < 1e-4 * truth.depths[index], "pixel (\(x), \(y))")
                } else if x <= 20 || x >= 43 {
                    #expect(depth.depths[index] == input.depths[index], "pixel (\(x), \(y))")
                }
            }
        }
        #expect(changed == counted && changed > 8 * Self.height)
    }

    /// A single wrong match on the stripe is left out of what is spread.
    @Test func aLoneWrongMatchIsLeftOut() {
        var (truth, input, refined, matched) = Self.stripeCase()
        refined.depths[24 * Self.width + 31] = 2 * truth.depths[24 * Self.width + 31]
        var spread = CorrectionSpread()
        spread.widthFraction = 3 / Float(Self.width)
        let depth = spread.apply(input: input, refined: refined, matched: matched).depth
        for x in [26, 27, 28, 29, 34, 35, 36] {
            let index = 24 * Self.width + x
            #expect(abs(depth.depths[index] - truth.depths[index]) < 1e-4 * truth.depths[index], "pixel (\(x), 24)")
        }
    }

    /// Where the matches contradict each other (every other row 30 % too far, as a repeated
    /// pattern matched at the wrong depth), nothing is spread.
    @Test func disagreeingMatchesAreNotSpread() {
        var (_, input, refined, matched) = Self.stripeCase()
        for y in stride(from: 1, to: Self.height, by: 2) {
            for x in 30...33 { refined.depths[y * Self.width + x] = input.depths[y * Self.width + x] * 1.3 }
        }
        var spread = CorrectionSpread()
        spread.widthFraction = 3 / Float(Self.width)
        let result = spread.apply(input: input, refined: refined, matched: matched)
        #expect(result.spreadPixels == 0 && result.depth == refined)
    }

    /// Without matched pixels, or with a spread narrower than a pixel, nothing changes.
    @Test func nothingMatchedOrNoWidthChangesNothing() {
        let (_, input, refined, matched) = Self.stripeCase()
        let none = CorrectionSpread().apply(input: input, refined: refined, matched: matched.map { _ in false })
        #expect(none.depth == refined && none.spreadPixels == 0)
        var narrow = CorrectionSpread()
        narrow.widthFraction = 0.4 / Float(Self.width)
        let unchanged = narrow.apply(input: input, refined: refined, matched: matched)
        #expect(unchanged.depth == refined && unchanged.spreadPixels == 0)
    }
}
