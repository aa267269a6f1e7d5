import Imaging
import Testing
import DepthModels

@Suite struct RefinementOptionTests {
    @Test func filterSizesScaleWithTheImageWidth() {
        #expect(DepthRefinementOption.none.method(imageWidth: 256) == nil)
        #expect(DepthRefinementOption.guided.method(imageWidth: 256) == .guidedFilter(radius: 8, epsilon: 1e-4))
        #expect(DepthRefinementOption.guided.method(imageWidth: 128) == .guidedFilter(radius: 4, epsilon: 1e-4))
        #expect(DepthRefinementOption.bilateral.method(imageWidth: 512)
                == .jointBilateral(radius: 16, spatialSigma: 10, colorSigma: 0.03, iterations: 3))
        #expect(DepthRefinementOption.bilateral.method(imageWidth: 16)
                == .jointBilateral(radius: 1, spatialSigma: 1, colorSigma: 0.03, iterations: 3))
    }

    @Test func refinementSnapsADepthStepToTheImageEdge() {
        // The image has an edge at x = 16; the depth step is blurred across x = 12...20.
        let width = 32, height = 8
        var guide = Image(width: width, height: height, channels: 3)
        var depth = DepthMap(width: width, height: height, depths: Array(repeating: 0, count: width * height))
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 { guide[x, y, c] = x < 16 ? 0.1 : 0.9 }
                depth[x, y] = 1 + 2 * Float(min(max(x - 12, 0), 8)) / 8
            }
        }
        let unrefined = DepthRefinementOption.none.refine(depth, guide: guide)
        #expect(unrefined == depth)
        for option in [DepthRefinementOption.guided, .bilateral] {
            let refined = option.refine(depth, guide: guide)
            // Each side of the image edge moves away from the blurred middle value (2 m).
            #expect(refined[15, 4] < depth[15, 4] && refined[16, 4] > depth[16, 4], "\(option)")
        }
    }
}
