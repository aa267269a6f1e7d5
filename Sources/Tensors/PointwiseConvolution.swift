import Parallelism

/// 1x1 stride-1 convolutions (the residual blocks' shortcuts), per image the product
/// `[O, C] · [C, P]` plus the bias, and its gradients, in blocks of pixels.
///
/// Such a product is long and thin (enc2's shortcut: C = 16 inputs, 32 outputs, 3,072 or 12,288
/// pixels per image): one call per image streams the whole image and output through the
/// caches several times (filling the output with the bias, then gemm reading and writing it),
/// and a 16-deep product over 12,288 columns ran at half the rate of the same product cut into
/// pieces. Here every image is cut into blocks of ``blockColumns`` pixels, the blocks of all
/// images are split across cores, and each block is done while it is in cache: its input is
/// copied beside a row of ones so that the bias comes out of the same product; in the backward
/// pass the input gradient and the weight and bias gradients (one product with the same
/// ones row) of a block are computed while its output gradient is in cache, each core summing
/// its own weight and bias gradients, which are then added in core order (the same partition
/// every run, so results are bit-identical run to run).
enum PointwiseConvolution {
    /// Pixels per block: its input, output and gradient blocks stay in a core's L2 cache.
    static let blockColumns = 512

    /// The shape of one convolution: `batch` images of `channels` × `pixels` in,
    /// `outputChannels` × `pixels` out.
    struct Shape {
        let batch: Int, channels: Int, outputChannels: Int, pixels: Int

        var blocksPerImage: Int { (pixels + blockColumns - 1) / blockColumns }
        var blockCount: Int { batch * blocksPerImage }

        /// The image and pixel range of block `index`.
        func block(_ index: Int) -> (image: Int, pixels: Range<Int>) {
            let (image, position) = index.quotientAndRemainder(dividingBy: blocksPerImage)
            let start = position * blockColumns
            return (image, start..<min(pixels, start + blockColumns))
        }

        /// Blocks per core at least, so that small convolutions stay on one core.
        var minimumBlocksPerCore: Int {
            let multiplyAddsPerBlock = outputChannels * channels * min(pixels, blockColumns)
            return max(1, (1 << 17) / max(1, multiplyAddsPerBlock))
        }
    }

    /// Writes `W · x + b` into `output` [N, O, P] for `x` [N, C, P] and `weight` [O, C].
    static func forward(_ x: UnsafePointer<Float>, shape: Shape, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, into output: UnsafeMutablePointer<Float>) {
        let channels = shape.channels, pixels = shape.pixels, outputChannels = shape.outputChannels
        // [O, C + 1] with the bias as the last column when there is one, else [O, C].
        let depth = bias == nil ? channels : channels + 1
        let augmentedWeight = TensorStorage(count: outputChannels * depth)
        for channel in 0..<outputChannels {
            let row = augmentedWeight.pointer + channel * depth
            row.update(from: weight + channel * channels, count: channels)
            if let bias { row[channels] = bias[channel] }
        }
        Parallel.forEachChunk(shape.blockCount, minimumPerChunk: shape.minimumBlocksPerCore) { blocks in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: depth * blockColumns)   // [C (+1), n]
            defer { scratch.deallocate() }
            for index in blocks {
                let (image, range) = shape.block(index)
                let width = range.count, source = x + image * channels * pixels + range.lowerBound
                for channel in 0..<channels {
                    (scratch + channel * width).update(from: source + channel * pixels, count: width)
                }
                if bias != nil { (scratch + channels * width).update(repeating: 1, count: width) }
                BLAS.gemm(m: outputChannels, n: width, k: depth, a: augmentedWeight.pointer, lda: depth,
                          b: scratch, ldb: width,
                          c: output + image * outputChannels * pixels + range.lowerBound, ldc: pixels,
                          threading: .callingThread)
            }
        }
    }

    /// Accumulates the gradients of ``forward(_:shape:weight:bias:into:)`` for the output
    /// gradient `gradient` [N, O, P] into whichever targets are given: dx += Wᵀ · dY,
    /// dW += dY · xᵀ, db += Σ_pixels dY (the last column of dY · [x; 1]ᵀ, one product).
    static func backward(_ x: UnsafePointer<Float>, shape: Shape, weight: UnsafePointer<Float>,
                         gradient: UnsafePointer<Float>, inputTarget: UnsafeMutablePointer<Float>?,
                         weightTarget: UnsafeMutablePointer<Float>?, biasTarget: UnsafeMutablePointer<Float>?) {
        let channels = shape.channels, pixels = shape.pixels, outputChannels = shape.outputChannels
        let summing = weightTarget != nil || biasTarget != nil
        let depth = biasTarget == nil ? channels : channels + 1
        // Per core: the [O, C (+1)] weight (and bias) gradient of its blocks.
        let partials = Parallel.mapChunks(shape.blockCount, minimumPerChunk: shape.minimumBlocksPerCore) { blocks -> TensorStorage? in
            let partial = summing ? TensorStorage(count: outputChannels * depth) : nil
            partial?.buffer.update(repeating: 0)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: summing ? depth * blockColumns : 0)   // [C (+1), n]
            defer { scratch.deallocate() }
            for index in blocks {
                let (image, range) = shape.block(index)
                let width = range.count
                let outputGradient = gradient + image * outputChannels * pixels + range.lowerBound
                if let inputTarget {
                    BLAS.gemm(transposeA: true, m: channels, n: width, k: outputChannels, a: weight, lda: channels,
                              b: outputGradient, ldb: pixels, beta: 1,
                              c: inputTarget + image * channels * pixels + range.lowerBound, ldc: pixels,
                              threading: .callingThread)
                }
                guard let partial else { continue }
                let input = x + image * channels * pixels + range.lowerBound
                for channel in 0..<channels {
                    (scratch + channel * width).update(from: input + channel * pixels, count: width)
                }
                if biasTarget != nil { (scratch + channels * width).update(repeating: 1, count: width) }
                BLAS.gemm(transposeB: true, m: outputChannels, n: depth, k: width, a: outputGradient, lda: pixels,
                          b: scratch, ldb: width, beta: 1, c: partial.pointer, ldc: depth,
                          threading: .callingThread)
            }
            return partial
        }
        for partial in partials.compactMap({ $0 }) {
            for output in 0..<outputChannels {
                let row = partial.pointer + output * depth
                if let weightTarget {
                    for channel in 0..<channels { weightTarget[output * channels + channel] += row[channel] }
                }
                if let biasTarget { biasTarget[output] += row[channels] }
            }
        }
    }
}
