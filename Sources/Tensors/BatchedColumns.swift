import Parallelism

/// Convolutions whose output maps are small (the deepest layers: 4x3 to 16x12 pixels at
/// 128x96) as one product over the whole batch: the images' column matrices side by side form
/// one [K, N·P] matrix, so gemm gets N·P columns instead of P per call (a product 12 columns
/// wide leaves most of OpenBLAS's kernel idle).
///
/// Rows of such maps are 2-16 pixels long, too short for ``im2col``'s row copies and bounds
/// checks (a 4x3 map with 128 channels took longer to unfold than to multiply): here each
/// channel plane is copied into a zero-padded plane, from which every tap gathers its pixels
/// at fixed offsets without checks (and the gradient scatters back the same way), all images
/// at once, split across cores by channel. The forward pass's column matrix is kept for the
/// weight gradient.
enum BatchedColumns {
    /// Output pixels per image up to which a batch is multiplied at once.
    static let maximumColumns = 256

    /// Floats of a joint column matrix up to which a batch is multiplied at once: two cache
    /// tiles (8 MiB), so that pack4 at 128x96 (3x3 over 768 channels of 8x6 maps, 5.3 MB for
    /// four images) gets one product 192 columns wide instead of four 48 wide (52 → 69 % of
    /// sgemm forward, 59 → 64 % backward, 2026-12-05).
    static let maximumMatrixFloats = 2 * ConvolutionGeometry.tileFloats

    /// Whether `conv2d` multiplies this geometry's batch at once: more than one image, a kernel
    /// that needs unfolding, small maps, and a joint column matrix of at most ``maximumMatrixFloats``.
    static func handles(_ geometry: ConvolutionGeometry, batch: Int) -> Bool {
        batch > 1 && !geometry.isPointwise && geometry.columnCount <= maximumColumns
            && geometry.columnRows * batch * geometry.columnCount <= maximumMatrixFloats
    }

    /// The column matrices of all `batch` images of `x` [N, C, H, W] side by side: [K, N·P].
    static func unfold(_ x: UnsafePointer<Float>, batch: Int, geometry g: ConvolutionGeometry) -> TensorStorage {
        let matrix = TensorStorage(count: g.columnRows * batch * g.columnCount)
        let destination = matrix.pointer, planeCount = g.height * g.width
        forEachPaddedPlane(batch: batch, geometry: g) { channel, image, plane, taps in
            let source = x + (image * g.channels + channel) * planeCount
            plane.update(repeating: 0, count: taps.paddedCount)
            for row in 0..<g.height {
                (plane + (row + g.padding) * taps.paddedWidth + g.padding).update(from: source + row * g.width, count: g.width)
            }
            for tap in 0..<taps.count {
                let tapPlane = UnsafePointer(plane) + taps.start(tap)
                let column = destination + taps.matrixIndex(channel: channel, tap: tap, image: image)
                for pixel in 0..<g.columnCount { column[pixel] = tapPlane[Int(taps.pixelOffsets[pixel])] }
            }
        }
        return matrix
    }

    /// The adjoint of ``unfold(_:batch:geometry:)``: adds each entry of `columns` [K, N·P] to the
    /// pixel of `image` [N, C, H, W] it was read from (entries that read padding are dropped).
    static func fold(_ columns: UnsafePointer<Float>, batch: Int, geometry g: ConvolutionGeometry,
                     into image: UnsafeMutablePointer<Float>) {
        let planeCount = g.height * g.width
        forEachPaddedPlane(batch: batch, geometry: g) { channel, imageIndex, plane, taps in
            plane.update(repeating: 0, count: taps.paddedCount)
            for tap in 0..<taps.count {
                let tapPlane = plane + taps.start(tap)
                let column = columns + taps.matrixIndex(channel: channel, tap: tap, image: imageIndex)
                for pixel in 0..<g.columnCount { tapPlane[Int(taps.pixelOffsets[pixel])] += column[pixel] }
            }
            let target = image + (imageIndex * g.channels + channel) * planeCount
            for row in 0..<g.height {
                let paddedRow = plane + (row + g.padding) * taps.paddedWidth + g.padding, targetRow = target + row * g.width
                for column in 0..<g.width { targetRow[column] += paddedRow[column] }
            }
        }
    }

    /// Where the taps of a geometry read in a zero-padded channel plane, and where their values
    /// go in the [K, N·P] column matrix.
    private struct TapLayout {
        let count: Int, kernelWidth: Int, paddedWidth: Int, paddedCount: Int
        let columnsPerImage: Int, matrixWidth: Int
        /// For each output pixel, the offset in the padded plane that tap (0, 0) reads.
        let pixelOffsets: [Int32]

        init(_ g: ConvolutionGeometry, batch: Int) {
            count = g.kernelHeight * g.kernelWidth
            kernelWidth = g.kernelWidth
            paddedWidth = g.width + 2 * g.padding
            paddedCount = (g.height + 2 * g.padding) * paddedWidth
            columnsPerImage = g.columnCount
            matrixWidth = batch * g.columnCount
            var offsets: [Int32] = []
            for outputRow in 0..<g.outputHeight {
                for outputColumn in 0..<g.outputWidth {
                    offsets.append(Int32(outputRow * g.stride * paddedWidth + outputColumn * g.stride))
                }
            }
            pixelOffsets = offsets
        }

        /// The offset in the padded plane of tap `tap`'s reading for output pixel (0, 0).
        func start(_ tap: Int) -> Int { (tap / kernelWidth) * paddedWidth + tap % kernelWidth }

        /// The index in the column matrix of the first entry of (channel, tap, image).
        func matrixIndex(channel: Int, tap: Int, image: Int) -> Int {
            (channel * count + tap) * matrixWidth + image * columnsPerImage
        }
    }

    /// Calls `body(channel, image, plane, taps)` for every channel and image, with `plane` a
    /// scratch buffer of one zero-padded channel plane. Channels are split across cores: each
    /// channel's planes and column-matrix rows are visited by one core only, in a fixed order.
    @inline(__always)
    private static func forEachPaddedPlane(
        batch: Int, geometry g: ConvolutionGeometry,
        _ body: (_ channel: Int, _ image: Int, _ plane: UnsafeMutablePointer<Float>, _ taps: TapLayout) -> Void
    ) {
        let taps = TapLayout(g, batch: batch)
        Parallel.forEachChunk(g.channels, minimumPerChunk: max(1, 4096 / max(1, taps.count * taps.matrixWidth))) { channels in
            let plane = UnsafeMutablePointer<Float>.allocate(capacity: taps.paddedCount)
            defer { plane.deallocate() }
            for channel in channels {
                for image in 0..<batch { body(channel, image, plane, taps) }
            }
        }
    }

    /// Adds `W · unfold(x)` to `output` [N, O, P] (which holds the bias); returns the column
    /// matrix, which ``backward(_:batch:geometry:weight:outputChannels:gradient:unfolded:weightTarget:inputTarget:)``
    /// takes for the weight gradient.
    static func forward(_ x: UnsafePointer<Float>, batch: Int, geometry: ConvolutionGeometry, weight: UnsafePointer<Float>,
                        outputChannels: Int, into output: UnsafeMutablePointer<Float>) -> TensorStorage {
        let columns = geometry.columnCount, width = batch * columns, rows = geometry.columnRows
        let unfolded = unfold(x, batch: batch, geometry: geometry)
        let product = TensorStorage(count: outputChannels * width)                        // [O, N·P]
        BLAS.gemm(m: outputChannels, n: width, k: rows, a: weight, lda: rows, b: unfolded.pointer, ldb: width,
                  c: product.pointer, ldc: width)
        for image in 0..<batch {
            for channel in 0..<outputChannels {
                let source = product.pointer + channel * width + image * columns
                let target = output + (image * outputChannels + channel) * columns
                for index in 0..<columns { target[index] += source[index] }
            }
        }
        return unfolded
    }

    /// The weight and input gradients of ``forward(_:batch:geometry:weight:outputChannels:into:)``
    /// for the output gradient `gradient` [N, O, P], accumulated into whichever targets are given:
    /// dW += dY · unfoldedᵀ, dx += fold(Wᵀ · dY), with dY the gradient as [O, N·P] and `unfolded`
    /// the forward pass's column matrix.
    static func backward(batch: Int, geometry: ConvolutionGeometry, weight: UnsafePointer<Float>,
                         outputChannels: Int, gradient: UnsafePointer<Float>, unfolded: TensorStorage,
                         weightTarget: UnsafeMutablePointer<Float>?, inputTarget: UnsafeMutablePointer<Float>?) {
        let columns = geometry.columnCount, width = batch * columns, rows = geometry.columnRows
        let gathered = TensorStorage(count: outputChannels * width)                       // dY: [O, N·P]
        for image in 0..<batch {
            for channel in 0..<outputChannels {
                (gathered.pointer + channel * width + image * columns)
                    .update(from: gradient + (image * outputChannels + channel) * columns, count: columns)
            }
        }
        if let weightTarget {
            BLAS.gemm(transposeB: true, m: outputChannels, n: rows, k: width, a: gathered.pointer, lda: width,
                      b: unfolded.pointer, ldb: width, beta: 1, c: weightTarget, ldc: rows)
        }
        if let inputTarget {
            let columnGradient = TensorStorage(count: rows * width)                       // [K, N·P]
            BLAS.gemm(transposeA: true, m: rows, n: width, k: outputChannels, a: weight, lda: rows,
                      b: gathered.pointer, ldb: width, c: columnGradient.pointer, ldc: width)
            fold(columnGradient.pointer, batch: batch, geometry: geometry, into: inputTarget)
        }
    }
}
