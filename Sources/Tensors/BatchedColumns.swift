/// Convolutions whose output maps are small (the deepest layers: 4x3 to 16x12 pixels at
/// 128x96) as one product over the whole batch: the images' column matrices side by side form
/// one [K, N·P] matrix, so gemm gets N·P columns instead of P per call (a product 12 columns
/// wide leaves most of OpenBLAS's kernel idle).
enum BatchedColumns {
    /// Output pixels per image up to which a batch is multiplied at once.
    static let maximumColumns = 256

    /// Whether `conv2d` multiplies this geometry's batch at once: more than one image, a kernel
    /// that needs unfolding, small maps, and a joint column matrix of at most one cache tile.
    static func handles(_ geometry: ConvolutionGeometry, batch: Int) -> Bool {
        batch > 1 && !geometry.isPointwise && geometry.columnCount <= maximumColumns
            && geometry.columnRows * batch * geometry.columnCount <= ConvolutionGeometry.tileFloats
    }

    /// The column matrices of all `batch` images of `x` [N, C, H, W] side by side: [K, N·P].
    static func unfold(_ x: UnsafePointer<Float>, batch: Int, geometry: ConvolutionGeometry) -> TensorStorage {
        let columns = geometry.columnCount, imageCount = geometry.channels * geometry.height * geometry.width
        let matrix = TensorStorage(count: geometry.columnRows * batch * columns)
        for image in 0..<batch {
            im2col(x + image * imageCount, matrix.pointer + image * columns, geometry, rowStride: batch * columns)
        }
        return matrix
    }

    /// Adds `W · unfold(x)` to `output` [N, O, P] (which holds the bias).
    static func forward(_ x: UnsafePointer<Float>, batch: Int, geometry: ConvolutionGeometry, weight: UnsafePointer<Float>,
                        outputChannels: Int, into output: UnsafeMutablePointer<Float>) {
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
    }

    /// The weight and input gradients of ``forward(_:batch:geometry:weight:outputChannels:into:)``
    /// for the output gradient `gradient` [N, O, P], accumulated into whichever targets are given:
    /// dW += dY · unfold(x)ᵀ, dx += fold(Wᵀ · dY), with dY the gradient as [O, N·P].
    static func backward(_ x: UnsafePointer<Float>, batch: Int, geometry: ConvolutionGeometry, weight: UnsafePointer<Float>,
                         outputChannels: Int, gradient: UnsafePointer<Float>,
                         weightTarget: UnsafeMutablePointer<Float>?, inputTarget: UnsafeMutablePointer<Float>?) {
        let columns = geometry.columnCount, width = batch * columns, rows = geometry.columnRows
        let imageCount = geometry.channels * geometry.height * geometry.width
        let gathered = TensorStorage(count: outputChannels * width)                       // dY: [O, N·P]
        for image in 0..<batch {
            for channel in 0..<outputChannels {
                (gathered.pointer + channel * width + image * columns)
                    .update(from: gradient + (image * outputChannels + channel) * columns, count: columns)
            }
        }
        if let weightTarget {
            let unfolded = unfold(x, batch: batch, geometry: geometry)
            BLAS.gemm(transposeB: true, m: outputChannels, n: rows, k: width, a: gathered.pointer, lda: width,
                      b: unfolded.pointer, ldb: width, beta: 1, c: weightTarget, ldc: rows)
        }
        if let inputTarget {
            let columnGradient = TensorStorage(count: rows * width)                       // [K, N·P]
            BLAS.gemm(transposeA: true, m: rows, n: width, k: outputChannels, a: weight, lda: rows,
                      b: gathered.pointer, ldb: width, c: columnGradient.pointer, ldc: width)
            for image in 0..<batch {
                col2im(columnGradient.pointer + image * columns, inputTarget + image * imageCount, geometry,
                       rowStride: width)
            }
        }
    }
}
