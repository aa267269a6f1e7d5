import Parallelism
import VectorKernels

/// 1x1 stride-1 convolutions (the residual blocks' shortcuts), per image the product
/// `[O, C] · [C, P]` plus the bias, and its gradients, in blocks of pixels.
///
/// Such a product is long and thin (enc2's shortcut: C = 16 inputs, 32 outputs, 3,072 or 12,288
/// pixels per image): one call per image streams the whole image and output through the
/// caches several times, and a 16-deep product is too shallow for gemm's packing to pay off.
/// Here every image is cut into blocks of ``blockColumns`` pixels, the blocks of all images are
/// split across cores, and each block is done while it is in cache. Where the CPU has the
/// direct kernels and ``directKernels(_:_:)`` allows them (channel counts in whole register
/// tiles, few channels on one side), the forward pass and the input gradient are
/// `DirectCorrelation` with the single tap 0 (the image is its own padded plane, and the
/// accumulators start from the bias or the existing gradient, so no block is copied) and the
/// weight and bias gradients are `RowProductSums`, kept per vector lane. Otherwise each block's
/// input is copied beside a row of ones and multiplied by gemm, the bias coming out of the same
/// product, and the weight and bias gradients are one product per block with the same ones row.
/// Either way each core sums the weight and bias gradients of its blocks while their output
/// gradients are in cache, and the cores' sums are added in core order (the same partition every
/// run, so results are bit-identical run to run).
enum PointwiseConvolution {
    /// Pixels per block: its input, output and gradient blocks stay in a core's L2 cache; a
    /// multiple of both kernel widths' register tiles (80 and 24 positions).
    static let blockColumns = 480

    /// The tap offsets of a 1x1 kernel for `DirectCorrelation`: its one tap reads each position
    /// itself (made once, not per block).
    private static let tapAtZero = [0]

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

    /// Writes `W · x + b` into `output` [N, O, P] for `x` [N, C, P] and `weight` [O, C], with
    /// `kernels` where ``directKernels(_:_:)`` allows them, else with gemm.
    static func forward(_ x: UnsafePointer<Float>, shape: Shape, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, kernels: ConvolutionKernels?, into output: UnsafeMutablePointer<Float>) {
        let channels = shape.channels, pixels = shape.pixels, outputChannels = shape.outputChannels
        if let kernels = directKernels(shape, kernels) {
            let weightsByChannel = DirectConvolution.weightsByTap(weight, outputChannels: outputChannels,   // [C, 1, O]
                                                                  channels: channels, taps: 1)
            let start = CorrelationStart.adding(bias: bias)
            Parallel.forEachChunk(shape.blockCount, minimumPerChunk: shape.minimumBlocksPerCore) { blocks in
                let tail = TailRows(tile: kernels.positionsPerTile, rowCounts: [channels, outputChannels])
                for index in blocks {
                    let (image, range) = shape.block(index)
                    let input = Rows(x + image * channels * pixels + range.lowerBound, count: channels, stride: pixels)
                    let result = Rows(output + image * outputChannels * pixels + range.lowerBound,
                                      count: outputChannels, stride: pixels)
                    tail.forTiles(width: range.count, reading: [input], writing: result) { rows, positions in
                        tapAtZero.withUnsafeBufferPointer { tapAtZero in
                            kernels.correlate(rows[0].start, rows[0].stride, channels, tapAtZero, weightsByChannel.pointer,
                                              outputChannels, rows[1].start, rows[1].stride, 0..<positions, start)
                        }
                    }
                }
            }
            return
        }
        // [O, C (+1)] with the bias as the last column when there is one.
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
                let width = range.count
                copyWithOnesRow(x + image * channels * pixels + range.lowerBound, channels: channels, pixels: pixels,
                                width: width, ones: bias != nil, into: scratch)
                BLAS.gemm(m: outputChannels, n: width, k: depth, a: augmentedWeight.pointer, lda: depth,
                          b: scratch, ldb: width,
                          c: output + image * outputChannels * pixels + range.lowerBound, ldc: pixels,
                          threading: .callingThread)
            }
        }
    }

    /// Accumulates the gradients of ``forward(_:shape:weight:bias:kernels:into:)`` for the output
    /// gradient `gradient` [N, O, P] into whichever targets are given: dx += Wᵀ · dY,
    /// dW += dY · xᵀ, db += Σ_pixels dY; with `kernels` as the forward pass, else with gemm.
    static func backward(_ x: UnsafePointer<Float>, shape: Shape, weight: UnsafePointer<Float>,
                         gradient: UnsafePointer<Float>, kernels: ConvolutionKernels?,
                         inputTarget: UnsafeMutablePointer<Float>?, weightTarget: UnsafeMutablePointer<Float>?,
                         biasTarget: UnsafeMutablePointer<Float>?) {
        let targets = GradientTargets(input: inputTarget, weight: weightTarget, bias: biasTarget)
        if let kernels = directKernels(shape, kernels) {
            backwardDirect(x, shape: shape, weight: weight, gradient: gradient, kernels: kernels, targets: targets)
        } else {
            backwardGEMM(x, shape: shape, weight: weight, gradient: gradient, targets: targets)
        }
    }

    /// Where the gradients go (nil: not needed).
    struct GradientTargets {
        let input: UnsafeMutablePointer<Float>?, weight: UnsafeMutablePointer<Float>?, bias: UnsafeMutablePointer<Float>?
    }

    /// `kernels` when both channel counts are multiples of their register tiles' channels (the
    /// kernels write whole tiles of output channels, and the forward pass's outputs are the input
    /// gradient's inputs) and one of them is at most 32 (as for ``DirectConvolution``: with more
    /// channels on both sides each tile of outputs re-reads more input than the L1 cache holds,
    /// and gemm is faster), else nil.
    static func directKernels(_ shape: Shape, _ kernels: ConvolutionKernels?) -> ConvolutionKernels? {
        let tile = DirectConvolution.channelsPerTile
        precondition(tile == RowProductSums<SIMD8<Float>>.rowsPerTile, "PointwiseConvolution: tile sizes differ")
        let fillsTiles = shape.channels % tile == 0 && shape.outputChannels % tile == 0
        return fillsTiles && min(shape.channels, shape.outputChannels) <= 32 ? kernels : nil
    }

    /// ``backward(_:shape:weight:gradient:kernels:inputTarget:weightTarget:biasTarget:)`` with the
    /// direct kernels: per block, dx by `DirectCorrelation` (dY's O planes correlated with W read
    /// as [O, 1, C], added to dx), dW and db as lane-wise sums (`RowProductSums`) that each core
    /// keeps for its blocks; each sum's lanes are added up (`RowKernels.sum`), then the cores in order.
    private static func backwardDirect(_ x: UnsafePointer<Float>, shape: Shape, weight: UnsafePointer<Float>,
                                       gradient: UnsafePointer<Float>, kernels: ConvolutionKernels, targets: GradientTargets) {
        let channels = shape.channels, pixels = shape.pixels, outputChannels = shape.outputChannels
        let lanes = kernels.lanes
        let weightsByOutput = targets.input == nil ? nil : DirectConvolution.weightsByTap(
            weight, outputChannels: outputChannels, channels: channels, taps: 1, forInputGradient: true)   // [O, 1, C]
        // Per core: [O, C, L] weight and [O, L] bias lane sums.
        let partials = Parallel.mapChunks(shape.blockCount, minimumPerChunk: shape.minimumBlocksPerCore) { blocks in
            let weightSums = targets.weight == nil ? nil : TensorStorage(count: outputChannels * channels * lanes)
            let biasSums = targets.bias == nil ? nil : TensorStorage(count: outputChannels * lanes)
            weightSums?.fill(0)
            biasSums?.fill(0)
            let tail = TailRows(tile: kernels.positionsPerTile, rowCounts: [outputChannels, channels, channels])
            for index in blocks {
                let (image, range) = shape.block(index)
                let outputGradient = Rows(gradient + image * outputChannels * pixels + range.lowerBound,
                                          count: outputChannels, stride: pixels)
                let input = Rows(x + image * channels * pixels + range.lowerBound, count: channels, stride: pixels)
                let inputGradient = targets.input.map {
                    Rows($0 + image * channels * pixels + range.lowerBound, count: channels, stride: pixels)
                }
                // Rows: dY, x, then dx (read and written) when asked.
                tail.forTiles(width: range.count, reading: [outputGradient, input], writing: inputGradient) { rows, positions in
                    if let weightsByOutput {
                        tapAtZero.withUnsafeBufferPointer { tapAtZero in
                            kernels.correlate(rows[0].start, rows[0].stride, outputChannels, tapAtZero, weightsByOutput.pointer,
                                              channels, rows[2].start, rows[2].stride, 0..<positions, .existing)
                        }
                    }
                    if let weightSums {
                        kernels.accumulateRowProducts(rows[0].start, outputChannels, rows[0].stride, rows[1].start, channels,
                                                      rows[1].stride, positions, weightSums.pointer)
                    }
                    if let biasSums {
                        kernels.accumulateRowSums(rows[0].start, outputChannels, rows[0].stride, positions, biasSums.pointer)
                    }
                }
            }
            return (weightSums, biasSums)
        }
        for (weightSums, biasSums) in partials {
            if let target = targets.weight, let weightSums {
                for index in 0..<(outputChannels * channels) {
                    target[index] += RowKernels.sum(weightSums.pointer + index * lanes, count: lanes)
                }
            }
            if let target = targets.bias, let biasSums {
                for index in 0..<outputChannels {
                    target[index] += RowKernels.sum(biasSums.pointer + index * lanes, count: lanes)
                }
            }
        }
    }

    /// ``backward(_:shape:weight:gradient:kernels:inputTarget:weightTarget:biasTarget:)`` with gemm:
    /// per block, dx += Wᵀ · dY, and dY · [x; 1]ᵀ into each core's [O, C (+1)] weight (and bias)
    /// gradient while the block's output gradient is in cache; the cores' sums added in order.
    private static func backwardGEMM(_ x: UnsafePointer<Float>, shape: Shape, weight: UnsafePointer<Float>,
                                     gradient: UnsafePointer<Float>, targets: GradientTargets) {
        let channels = shape.channels, pixels = shape.pixels, outputChannels = shape.outputChannels
        let summing = targets.weight != nil || targets.bias != nil
        let depth = targets.bias == nil ? channels : channels + 1
        let partials = Parallel.mapChunks(shape.blockCount, minimumPerChunk: shape.minimumBlocksPerCore) { blocks -> TensorStorage? in
            let partial = summing ? TensorStorage(count: outputChannels * depth) : nil
            partial?.fill(0)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: summing ? depth * blockColumns : 0)   // [C (+1), n]
            defer { scratch.deallocate() }
            for index in blocks {
                let (image, range) = shape.block(index)
                let width = range.count
                let outputGradient = gradient + image * outputChannels * pixels + range.lowerBound
                if let inputTarget = targets.input {
                    BLAS.gemm(transposeA: true, m: channels, n: width, k: outputChannels, a: weight, lda: channels,
                              b: outputGradient, ldb: pixels, beta: 1,
                              c: inputTarget + image * channels * pixels + range.lowerBound, ldc: pixels,
                              threading: .callingThread)
                }
                guard let partial else { continue }
                copyWithOnesRow(x + image * channels * pixels + range.lowerBound, channels: channels, pixels: pixels,
                                width: width, ones: targets.bias != nil, into: scratch)
                BLAS.gemm(transposeB: true, m: outputChannels, n: depth, k: width, a: outputGradient, lda: pixels,
                          b: scratch, ldb: width, beta: 1, c: partial.pointer, ldc: depth,
                          threading: .callingThread)
            }
            return partial
        }
        for partial in partials.compactMap({ $0 }) {
            for output in 0..<outputChannels {
                let row = partial.pointer + output * depth
                if let target = targets.weight {
                    for channel in 0..<channels { target[output * channels + channel] += row[channel] }
                }
                if let target = targets.bias { target[output] += row[channels] }
            }
        }
    }

    /// Copies `width` pixels of `channels` rows `pixels` apart into `scratch` [C (+1), width],
    /// with a row of ones after them when `ones`.
    private static func copyWithOnesRow(_ source: UnsafePointer<Float>, channels: Int, pixels: Int, width: Int,
                                        ones: Bool, into scratch: UnsafeMutablePointer<Float>) {
        for channel in 0..<channels {
            (scratch + channel * width).update(from: source + channel * pixels, count: width)
        }
        if ones { (scratch + channels * width).update(repeating: 1, count: width) }
    }

    /// `count` rows of floats, `stride` apart, from `start`.
    struct Rows {
        let start: UnsafeMutablePointer<Float>, count: Int, stride: Int

        init(_ start: UnsafePointer<Float>, count: Int, stride: Int) {
            self.start = UnsafeMutablePointer(mutating: start)
            self.count = count
            self.stride = stride
        }
    }

    /// One core's room for a block's last partial register tile: for each of a block's row sets,
    /// rows of one tile, so that the kernels, which work in whole tiles, see the partial tile
    /// zero-padded.
    private final class TailRows {
        let tile: Int
        private let storage: UnsafeMutablePointer<Float>
        private let offsets: [Int]

        /// Room for row sets of `rowCounts` rows of `tile` floats each.
        init(tile: Int, rowCounts: [Int]) {
            self.tile = tile
            offsets = rowCounts.reduce(into: [0]) { offsets, count in offsets.append(offsets.last! + count * tile) }
            storage = .allocate(capacity: offsets.last!)
        }

        deinit { storage.deallocate() }

        /// Calls `body(rows, positions)` with `reading` and then `writing` (when given) on their
        /// first `width` positions rounded down to whole tiles, and once more with zero-padded
        /// copies of the rest (`writing`'s copied back after, its rest only), positions a whole tile.
        func forTiles(width: Int, reading: [Rows], writing: Rows?, _ body: ([Rows], Int) -> Void) {
            let all = reading + (writing.map { [$0] } ?? [])
            let whole = width / tile * tile, rest = width - whole
            if whole > 0 { body(all, whole) }
            guard rest > 0 else { return }
            let copies = all.enumerated().map { index, rows -> Rows in
                let copy = Rows(storage + offsets[index], count: rows.count, stride: tile)
                for row in 0..<rows.count {
                    let target = copy.start + row * tile
                    target.update(from: rows.start + row * rows.stride + whole, count: rest)
                    (target + rest).update(repeating: 0, count: tile - rest)
                }
                return copy
            }
            body(copies, tile)
            if let writing, let copy = copies.last {
                for row in 0..<writing.count {
                    (writing.start + row * writing.stride + whole).update(from: copy.start + row * tile, count: rest)
                }
            }
        }
    }
}
