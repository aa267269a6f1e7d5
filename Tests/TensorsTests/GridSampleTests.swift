import Testing
import TestSupport
@testable import Tensors

@Suite struct GridSampleTests {
    private struct Fixture: Decodable {
        let image, grid, output, upstream, image_gradient, grid_gradient: StoredTensor
    }

    /// Image [1, 1, 2, 3] = [[0, 1, 2], [3, 4, 5]], sampled at six points (x, y).
    private let image = Tensor(shape: [1, 1, 2, 3], values: [0, 1, 2, 3, 4, 5], requiresGradient: true)
    private let points: [Float] = [
        0, 0,       // centre of the image: pixel (1, 0.5)          → (1 + 4) / 2 = 2.5
        -1, -1,     // centre of the first pixel                     → 0
        1, 1,       // centre of the last pixel                      → 5
        -2, 0.5,    // x clamped to 0, pixel y = 0.75                → 0·0.25 + 3·0.75 = 2.25
        0.5, 3,     // pixel x = 1.5, y clamped to 1                 → (4 + 5) / 2 = 4.5
        1.5, -1.5,  // both clamped: pixel (2, 0)                    → 2
    ]

    @Test func handComputedBilinearValuesInsideAndAtTheBorder() {
        let grid = Tensor(shape: [1, 2, 3, 2], values: points, requiresGradient: true)
        let output = gridSample(image, grid: grid)
        #expect(output.shape == [1, 1, 2, 3])
        #expect(output.values == [2.5, 0, 5, 2.25, 4.5, 2])
        output.sum().backward()
        // Grid gradient d out / d x = (I[y, x0 + 1] − I[y, x0]) · (W − 1)/2 (0 along a clamped axis),
        // d out / d y = (I[y0 + 1, x] − I[y0, x]) · (H − 1)/2.
        let expected: [Float] = [
            1, 1.5,  // centre: x step 1 · 1, y step 3 · 0.5
            0, 0,    // exactly on the border: PyTorch's clip gives gradient 0 there
            0, 0,
            0, 1.5,  // x clamped; y inside
            1, 0,    // x inside; y clamped
            0, 0,
        ]
        #expect(grid.gradient?.values == expected)
        // image gradient = sum of the bilinear weights with which each pixel was read:
        // (0,0) 1 + 0.25, (0,1) 0.5, (0,2) 1, (1,0) 0.75, (1,1) 0.5 + 0.5, (1,2) 1 + 0.5
        #expect(image.gradient?.values == [1.25, 0.5, 1, 0.75, 1, 1.5])
    }

    @Test func validMaskMarksPointsInsideTheImage() {
        let grid = Tensor(shape: [1, 2, 3, 2], values: points)
        let mask = gridSampleValidMask(grid: grid)
        #expect(mask.shape == [1, 1, 2, 3])
        #expect(mask.values == [1, 1, 1, 0, 0, 0])
        #expect(!mask.requiresGradient)
    }

    @Test func matchesPyTorchValuesAndGradients() throws {
        let fixture = try loadFixture("grid_sample", as: Fixture.self)
        let image = fixture.image.tensor(requiresGradient: true), grid = fixture.grid.tensor(requiresGradient: true)
        let output = gridSample(image, grid: grid)
        #expect(output.shape == fixture.output.shape)
        #expect(largestDifference(output.values, fixture.output.values) < 1e-5)
        (output * fixture.upstream.tensor()).sum().backward()
        #expect(largestDifference(image.gradient!.values, fixture.image_gradient.values) < 1e-5)
        #expect(largestDifference(grid.gradient!.values, fixture.grid_gradient.values) < 1e-4)
    }

    @Test(arguments: [true, false])
    func gradientsMatchFiniteDifferences(imageNeedsGradient: Bool) {
        var data = TestData(seed: 70)
        let (height, width) = (5, 6)
        let image = data.tensor([2, 3, height, width], requiresGradient: imageNeedsGradient)
        // Pixel coordinates kept 0.2 away from whole pixels (the bilinear kinks); some lie
        // well outside the image, where the clamped coordinate has zero gradient.
        var values: [Float] = []
        for _ in 0..<(2 * 4 * 5) {
            for extent in [width, height] {
                let pixel = Float(Int(data.value(in: -2...Float(extent + 1)))) + data.value(in: 0.2...0.8)
                values.append(pixel / Float(extent - 1) * 2 - 1)
            }
        }
        let grid = Tensor(shape: [2, 4, 5, 2], values: values, requiresGradient: true)
        // Without an image gradient only the grid is perturbed (the image is then a constant).
        let worst = imageNeedsGradient
            ? checkGradients(of: { gridSample($0[0], grid: $0[1]) }, at: [image, grid], step: 1e-3, elementsPerInput: 80)
            : checkGradients(of: { gridSample(image, grid: $0[0]) }, at: [grid], step: 1e-3, elementsPerInput: 80)
        #expect(worst.relativeError < 1e-2, "\(worst)")
    }
}
