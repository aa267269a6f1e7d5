import Testing
@testable import Tensors

/// Small output maps multiplied for the whole batch at once, against one image at a time.
@Suite struct BatchedColumnsTests {
    /// (input shape, weight shape, stride, padding): 3x3 and 5x5 kernels, strides 1 and 2, maps
    /// of 2x3 to 12x16 output pixels, channel counts off any tile.
    static let cases: [([Int], [Int], Int, Int)] = [
        ([4, 16, 6, 8], [8, 16, 3, 3], 1, 1),
        ([3, 5, 12, 16], [7, 5, 3, 3], 2, 1),
        ([2, 9, 4, 6], [3, 9, 5, 5], 1, 2),
        ([4, 6, 3, 5], [5, 6, 3, 3], 1, 0),
    ]

    @Test(arguments: cases)
    func matchesOneImageAtATime(_ inputShape: [Int], _ weightShape: [Int], _ stride: Int, _ padding: Int) {
        let geometry = ConvolutionGeometry(channels: inputShape[1], height: inputShape[2], width: inputShape[3],
                                           kernelHeight: weightShape[2], kernelWidth: weightShape[3], stride: stride, padding: padding)
        #expect(BatchedColumns.handles(geometry, batch: inputShape[0]))
        #expect(DirectConvolution.kernels(for: geometry, outputChannels: weightShape[0]) == nil)
        func run(_ algorithm: ConvolutionAlgorithm) -> [[Float]] {
            ConvFixtures.resultsAndGradients(input: inputShape, weight: weightShape, stride: stride, padding: padding, algorithm: algorithm, seed: 51)
        }
        ConvFixtures.expectResultsMatch(run(.automatic), run(.im2col), scaledByLargest: true)
    }

    /// The joint column matrix holds each image's ``im2col`` matrix side by side, and
    /// ⟨unfold x, c⟩ = ⟨x, fold c⟩ (fold is unfold's adjoint).
    @Test(arguments: cases)
    func unfoldMatchesIm2colAndFoldIsItsAdjoint(_ inputShape: [Int], _ weightShape: [Int], _ stride: Int, _ padding: Int) {
        let batch = inputShape[0], imageCount = inputShape[1...].reduce(1, *)
        let geometry = ConvolutionGeometry(channels: inputShape[1], height: inputShape[2], width: inputShape[3],
                                           kernelHeight: weightShape[2], kernelWidth: weightShape[3], stride: stride, padding: padding)
        let rows = geometry.columnRows, columns = geometry.columnCount
        let x = ConvFixtures.random(inputShape, seed: 71)
        let unfolded = BatchedColumns.unfold(x.storage.pointer, batch: batch, geometry: geometry)
        let single = TensorStorage(count: rows * columns)
        for image in 0..<batch {
            im2col(x.storage.pointer + image * imageCount, single.pointer, geometry)
            for row in 0..<rows {
                let joint = Array(UnsafeBufferPointer(start: unfolded.pointer + row * batch * columns + image * columns, count: columns))
                #expect(joint == Array(UnsafeBufferPointer(start: single.pointer + row * columns, count: columns)))
            }
        }
        let c = ConvFixtures.random([rows * batch * columns], seed: 72)
        let folded = TensorStorage(count: batch * imageCount)
        folded.fill(0)
        BatchedColumns.fold(c.storage.pointer, batch: batch, geometry: geometry, into: folded.pointer)
        let left = zip(unfolded.buffer, c.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let right = zip(x.values, folded.buffer).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(left - right) < 1e-3 * max(1, abs(left)), "⟨unfold x, c⟩ \(left) vs ⟨x, fold c⟩ \(right)")
    }

    @Test func gradientsMatchFiniteDifferences() {
        let worst = ConvFixtures.worstGradientDiscrepancy(input: [3, 2, 5, 4], weight: [3, 2, 3, 3], padding: 1, seed: 61)
        #expect(worst.relativeError < 5e-3, "\(worst)")
    }

    @Test func largeMapsAndSingleImagesAreLeftToThePerImagePath() {
        let large = ConvolutionGeometry(channels: 8, height: 32, width: 32, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        let small = ConvolutionGeometry(channels: 8, height: 8, width: 8, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        #expect(!BatchedColumns.handles(large, batch: 4))
        #expect(!BatchedColumns.handles(small, batch: 1))
        #expect(BatchedColumns.handles(small, batch: 4))
        // pack4 at 128x96 (5.3 MB for four images) is batched; a matrix over 8 MiB is not.
        let pack4 = ConvolutionGeometry(channels: 768, height: 6, width: 8, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        #expect(BatchedColumns.handles(pack4, batch: 4))
        #expect(!BatchedColumns.handles(pack4, batch: 8))
    }
}
