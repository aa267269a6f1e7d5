import Imaging
import Testing

@Suite struct DepthVisualizationTests {
    func brightness(_ image: Image, _ x: Int, _ y: Int) -> Float { image[x, y, 0] + image[x, y, 1] + image[x, y, 2] }

    @Test func nearIsBrightFarIsDarkAndTheLegendRunsNearToFar() {
        // Left half 1 m, right half 4 m, one invalid pixel.
        var depth = DepthMap(width: 60, height: 10, depths: (0..<600).map { $0 % 60 < 30 ? 1 : 4 })
        depth[59, 9] = 0
        let picture = DepthVisualization(depth)
        #expect(picture.range == 1...4)
        #expect(picture.image.width == 60 && picture.image.height == 10 + DepthVisualization.legendHeight)
        let near = ColorMap.viridis.color(at: 1), far = ColorMap.viridis.color(at: 0)
        #expect(picture.image[5, 5, 0] == near.x && picture.image[5, 5, 1] == near.y && picture.image[5, 5, 2] == near.z)
        #expect(picture.image[40, 5, 0] == far.x && picture.image[40, 5, 2] == far.z)
        #expect(brightness(picture.image, 59, 9) == 0)
        // The gradient bar, 2 rows below the map: bright at the left end, dark at the right.
        #expect(brightness(picture.image, 2, 14) > brightness(picture.image, 57, 14) + 1)
    }

    @Test func aFlatMapHasAZeroWidthRangeAndNoNaNs() {
        let picture = DepthVisualization(DepthMap(width: 8, height: 4, depths: Array(repeating: 2, count: 32)))
        #expect(picture.range == 2...2)
        #expect(picture.image.pixels.allSatisfy { $0.isFinite })
    }
}

@Suite struct CanvasClippingTests {
    @Test func rectanglesAndTextOutsideTheCanvasAreClippedNotFatal() {
        var canvas = Canvas(width: 4, height: 3, background: .zero)
        canvas.fillRectangle(x: -10, y: 0, width: 3, height: 2, color: .one)
        canvas.fillRectangle(x: 0, y: 5, width: 3, height: 2, color: .one)
        canvas.text("12.5 M", at: (-40, -3), color: .one)
        #expect(canvas.image.pixels.allSatisfy { $0 == 0 })
        canvas.fillRectangle(x: -1, y: 2, width: 3, height: 9, color: .one)
        #expect(canvas.image[0, 2, 0] == 1 && canvas.image[1, 2, 1] == 1 && canvas.image[2, 2, 2] == 0 && canvas.image[0, 1, 0] == 0)
    }
}
