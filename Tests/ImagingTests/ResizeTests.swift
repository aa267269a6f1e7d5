import Geometry
import Imaging
import Testing

@Suite struct ResizeTests {
    /// Bilinear 2x upsampling of [0, 1] with aligned pixel centres (PyTorch,
    /// `F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)`).
    @Test func bilinearUpsamplingMatchesAlignCornersFalse() {
        let image = Image(width: 2, height: 1, channels: 1, pixels: [0, 1])
        let resized = image.resized(width: 4, height: 1, method: .bilinear)
        #expect(resized.pixels == [0, 0.25, 0.75, 1])
    }

    @Test func bilinearDownsamplingByTwoAveragesPairs() {
        let image = Image(width: 4, height: 2, channels: 2, pixels: (0..<16).map(Float.init))
        let resized = image.resized(width: 2, height: 1, method: .bilinear)
        // Output pixel (0, 0) samples input (0.5, 0.5): the mean of the 2x2 block.
        #expect(resized.pixels == [5, 6, 9, 10])
    }

    @Test func areaAveragesTheCoveredBoxes() {
        let image = Image(width: 3, height: 1, channels: 1, pixels: [3, 6, 9])
        // Two outputs, each covering 1.5 inputs: (3 + 6/2) / 1.5 and (6/2 + 9) / 1.5.
        let resized = image.resized(width: 2, height: 1, method: .area)
        #expect(resized.pixels.map { ($0 * 1000).rounded() / 1000 } == [4, 8])
    }

    @Test(arguments: [ResizeMethod.bilinear, .area])
    func constantImagesStayConstant(method: ResizeMethod) {
        let image = Image(width: 13, height: 7, channels: 3, repeating: 0.4)
        for (width, height) in [(5, 3), (26, 14), (9, 11), (1, 1)] {
            let resized = image.resized(width: width, height: height, method: method)
            #expect(resized.width == width && resized.height == height && resized.channels == 3)
            #expect(resized.pixels.allSatisfy { abs($0 - 0.4) < 1e-5 }, "\(width)x\(height)")
        }
    }

    @Test func areaKeepsTheMeanOfAnyImage() {
        var generator = SplitMix64(seed: 11)
        let pixels = (0..<12 * 9).map { _ in generator.nextFloat(in: 0...1) }
        let image = Image(width: 12, height: 9, channels: 1, pixels: pixels)
        let resized = image.resized(width: 5, height: 4, method: .area)
        let mean = pixels.reduce(0, +) / Float(pixels.count)
        let resizedMean = resized.pixels.reduce(0, +) / Float(resized.pixels.count)
        #expect(abs(mean - resizedMean) < 1e-5)
    }

    @Test func resizeToTheSameSizeIsIdentity() {
        let image = Image(width: 3, height: 2, channels: 1, pixels: [1, 2, 3, 4, 5, 6])
        #expect(image.resized(width: 3, height: 2, method: .area) == image)
    }

    @Test func depthResizeUsesNearestPixelCentresAndKeepsInvalid() {
        let depth = DepthMap(width: 4, height: 2, depths: [1, 0, 3, 4, 5, 6, 0, 8])
        let half = depth.resized(width: 2, height: 1)
        // Output pixel x samples input ⌊(x + 0.5) · 2⌋ = 1, 3; row ⌊0.5 · 2⌋ = 1.
        #expect(half.depths == [6, 8])
        let double = depth.resized(width: 8, height: 4)
        #expect(double.depths.allSatisfy { [0, 1, 3, 4, 5, 6, 8].contains($0) })
        #expect(double[2, 0] == 0 && double[3, 0] == 0 && double[4, 3] == 0)
        #expect(double.depths.filter { $0 == 0 }.count == 8)
    }

    @Test func grayUsesBT601Weights() {
        let image = Image(width: 2, height: 1, channels: 4, pixels: [1, 0, 0, 0.5, 0.2, 0.4, 0.6, 1])
        let gray = image.gray()
        #expect(gray.channels == 1)
        #expect(abs(gray.pixels[0] - 0.299) < 1e-6)
        #expect(abs(gray.pixels[1] - (0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6)) < 1e-6)
        #expect(gray.gray() == gray)
    }
}
