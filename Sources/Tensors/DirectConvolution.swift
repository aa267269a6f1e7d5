import Parallelism
import VectorKernels
import VectorKernelsAVX2

/// How ``conv2d(_:weight:bias:stride:padding:)`` computes a convolution.
public enum ConvolutionAlgorithm: Sendable {
    /// Direct kernels of the widest vectors the CPU has for the stride-1 layers they suit,
    /// im2col + gemm for the others.
    case automatic
    /// As ``automatic`` but with the AVX2 kernels even where AVX-512 is available (to compare
    /// the two widths).
    case automaticAVX2
    /// Always im2col + gemm, one image at a time (the reference the direct kernels and the
    /// batched small-map products are tested against).
    case im2col
}

/// Stride-1 convolutions computed with `VectorKernels.DirectCorrelation`: each image is copied
/// once into zero-padded planes and correlated with the weights tap by tap, so no column matrix
/// is written (im2col's [C·KH·KW, OH·OW] matrix is what makes small-channel layers
/// memory-bound). Used for the forward pass, the input gradient (the same correlation with the
/// kernel flipped and channels swapped) and the weight gradient.
enum DirectConvolution {
    /// The kernels a convolution of this geometry goes to, or nil for im2col + gemm: direct for
    /// stride 1, a square kernel larger than 1x1 with padding below its size, rows wide enough
    /// that the padding columns computed and dropped are a small share (output width ≥ 32), few
    /// channels on one side (≤ 32 in or out: where im2col's column matrix costs more than its
    /// gemm; with more channels on both sides gemm measured faster), on a CPU with AVX2 and FMA;
    /// the AVX-512 kernels where the CPU has them, unless `algorithm` asks for AVX2.
    static func kernels(for geometry: ConvolutionGeometry, outputChannels: Int,
                        algorithm: ConvolutionAlgorithm = .automatic) -> ConvolutionKernels? {
        let g = geometry
        guard g.stride == 1, g.kernelHeight == g.kernelWidth, g.kernelHeight > 1,
              g.padding < g.kernelHeight, g.outputWidth >= 32, min(g.channels, outputChannels) <= 32
        else { return nil }
        return vectorKernels(for: algorithm)
    }

    /// The kernels `algorithm` computes with on this CPU: the widest for ``ConvolutionAlgorithm/automatic``,
    /// AVX2 for ``ConvolutionAlgorithm/automaticAVX2``; nil for ``ConvolutionAlgorithm/im2col`` or
    /// without AVX2 and FMA.
    static func vectorKernels(for algorithm: ConvolutionAlgorithm) -> ConvolutionKernels? {
        guard algorithm != .im2col, CPUFeatures.hasAVX2AndFMA else { return nil }
        return algorithm == .automatic ? widestVectorKernels : AVX2Kernels.convolution
    }

    /// One image's padded planes laid out for the kernels.
    struct PaddedPlanes {
        let storage: TensorStorage
        let width: Int, planeStride: Int, channels: Int

        /// Planes of `height` × `width` (no padding) with `slack` zeros after each; `fill(channel,
        /// plane)` writes each plane's `height · width` floats (called on all cores).
        init(channels: Int, height: Int, width: Int, slack: Int, fill: (Int, UnsafeMutablePointer<Float>) -> Void) {
            let planeStride = height * width + slack
            let storage = TensorStorage(count: channels * planeStride)
            Parallel.forEachChunk(channels, minimumPerChunk: max(1, 16384 / planeStride)) { range in
                for channel in range {
                    let plane = storage.pointer + channel * planeStride
                    fill(channel, plane)
                    (plane + height * width).update(repeating: 0, count: slack)
                }
            }
            self.storage = storage
            self.width = width
            self.planeStride = planeStride
            self.channels = channels
        }

        /// Copies `channels` planes [H, W] into zero-padded planes of width `W + 2·padding`,
        /// leaving zero slack after each plane for the kernels' last tile (`slack` floats).
        init(_ image: UnsafePointer<Float>, channels: Int, height: Int, width: Int, padding: Int, slack: Int) {
            let paddedWidth = width + 2 * padding, paddedHeight = height + 2 * padding
            self.init(channels: channels, height: paddedHeight, width: paddedWidth, slack: slack) { channel, plane in
                plane.update(repeating: 0, count: paddedHeight * paddedWidth)
                for row in 0..<height {
                    (plane + (row + padding) * paddedWidth + padding)
                        .update(from: image + (channel * height + row) * width, count: width)
                }
            }
        }
    }

    /// Flat offsets of the kernel taps in padded planes of width `paddedWidth`, row-major.
    static func tapOffsets(kernelHeight: Int, kernelWidth: Int, paddedWidth: Int) -> [Int] {
        (0..<kernelHeight).flatMap { kh in (0..<kernelWidth).map { kw in kh * paddedWidth + kw } }
    }

    /// Output channels rounded up to whole register tiles.
    static func paddedChannels(_ count: Int) -> Int {
        let tile = channelsPerTile
        return (count + tile - 1) / tile * tile
    }

    /// Output channels per register tile of every kernel width.
    static let channelsPerTile = DirectCorrelation<SIMD8<Float>>.channelsPerTile

    /// Rounds `value` up to a multiple of `multiple`.
    static func roundUp(_ value: Int, _ multiple: Int) -> Int { (value + multiple - 1) / multiple * multiple }

    /// The stride-1 cross-correlation of one image with `weightsByTap`, added to `output` as
    /// `start` says.
    ///
    /// - Parameters:
    ///   - image: [C, H, W] with C = `geometry.channels`.
    ///   - weightsByTap: [C, KH·KW, O'] (O' = `paddedChannels(outputChannels)`, zero beyond O).
    ///   - output: [O, OH, OW].
    static func correlate(_ image: UnsafePointer<Float>, geometry: ConvolutionGeometry, kernels: ConvolutionKernels,
                          weightsByTap: UnsafePointer<Float>, outputChannels: Int, start: CorrelationStart,
                          into output: UnsafeMutablePointer<Float>) {
        let planes = PaddedPlanes(image, channels: geometry.channels, height: geometry.height, width: geometry.width,
                                  padding: geometry.padding, slack: correlationSlack(geometry, kernels: kernels))
        correlate(planes, geometry: geometry, kernels: kernels, weightsByTap: weightsByTap, outputChannels: outputChannels,
                  start: start, into: output)
    }

    /// The zero floats ``correlate(_:geometry:kernels:weightsByTap:outputChannels:into:)`` needs
    /// after each padded plane.
    static func correlationSlack(_ geometry: ConvolutionGeometry, kernels: ConvolutionKernels) -> Int {
        kernels.positionsPerTile + geometry.kernelWidth
    }

    /// The zero floats ``accumulateWeightGradient(_:geometry:kernels:outputGradient:outputChannels:into:)``
    /// needs after each padded plane.
    static func weightGradientSlack(_ geometry: ConvolutionGeometry, kernels: ConvolutionKernels) -> Int {
        kernels.lanes + geometry.kernelWidth
    }

    /// ``correlate(_:geometry:kernels:weightsByTap:outputChannels:into:)`` on an image already in
    /// padded planes (with ``correlationSlack(_:kernels:)`` zeros after each).
    static func correlate(_ planes: PaddedPlanes, geometry: ConvolutionGeometry, kernels: ConvolutionKernels,
                          weightsByTap: UnsafePointer<Float>, outputChannels: Int, start: CorrelationStart,
                          into output: UnsafeMutablePointer<Float>) {
        let g = geometry, tile = kernels.positionsPerTile
        let positions = g.outputHeight * planes.width                          // flat, padded stride
        let outputStride = roundUp(positions, tile), tiledChannels = paddedChannels(outputChannels)
        let result = TensorStorage(count: tiledChannels * outputStride)         // [O', OH·Wp]
        let offsets = tapOffsets(kernelHeight: g.kernelHeight, kernelWidth: g.kernelWidth, paddedWidth: planes.width)
        let blockTiles = max(2, 384 / tile)                                      // about 384 positions: the input block stays in L2
        Parallel.forEachChunk(outputStride / tile, minimumPerChunk: blockTiles) { tiles in
            for first in stride(from: tiles.lowerBound, to: tiles.upperBound, by: blockTiles) {
                let block = (first * tile)..<(min(tiles.upperBound, first + blockTiles) * tile)
                offsets.withUnsafeBufferPointer { offsets in
                    kernels.correlate(planes.storage.pointer, planes.planeStride, g.channels, offsets, weightsByTap,
                                      tiledChannels, result.pointer, outputStride, block, .zero)
                }
            }
        }
        // Drop the padding columns: [O', OH·Wp] → [O, OH, OW], added to the start.
        let outputWidth = g.outputWidth, outputHeight = g.outputHeight
        Parallel.forEachChunk(outputChannels, minimumPerChunk: max(1, 16384 / positions)) { channels in
            for channel in channels {
                for row in 0..<outputHeight {
                    let source = result.pointer + channel * outputStride + row * planes.width
                    let target = output + (channel * outputHeight + row) * outputWidth
                    switch start {
                    case .existing:
                        for column in 0..<outputWidth { target[column] += source[column] }
                    case .zero:
                        target.update(from: source, count: outputWidth)
                    case .bias(let bias):
                        let value = bias[channel]
                        for column in 0..<outputWidth { target[column] = value + source[column] }
                    }
                }
            }
        }
    }

    /// Adds one image's weight gradient to `weightGradient` [O, C, KH, KW].
    ///
    /// - Parameters:
    ///   - image: the forward input [C, H, W].
    ///   - outputGradient: [O, OH, OW].
    static func accumulateWeightGradient(_ image: UnsafePointer<Float>, geometry: ConvolutionGeometry,
                                         kernels: ConvolutionKernels, outputGradient: UnsafePointer<Float>,
                                         outputChannels: Int, into weightGradient: UnsafeMutablePointer<Float>) {
        let planes = PaddedPlanes(image, channels: geometry.channels, height: geometry.height, width: geometry.width,
                                  padding: geometry.padding, slack: weightGradientSlack(geometry, kernels: kernels))
        accumulateWeightGradient(planes, geometry: geometry, kernels: kernels, outputGradient: outputGradient,
                                 outputChannels: outputChannels, into: weightGradient)
    }

    /// ``accumulateWeightGradient(_:geometry:kernels:outputGradient:outputChannels:into:)`` on an
    /// image already in padded planes (with ``weightGradientSlack(_:kernels:)`` zeros after each).
    static func accumulateWeightGradient(_ planes: PaddedPlanes, geometry: ConvolutionGeometry, kernels: ConvolutionKernels,
                                         outputGradient: UnsafePointer<Float>, outputChannels: Int,
                                         into weightGradient: UnsafeMutablePointer<Float>) {
        let g = geometry, lanes = kernels.lanes
        let taps = g.kernelHeight * g.kernelWidth, tiledChannels = paddedChannels(outputChannels)
        let outputStride = roundUp(g.outputHeight * planes.width, lanes)
        // dy at the padded stride, zero in the padding columns and the extra channels: [O', OH·Wp]
        let spreadGradient = TensorStorage(count: tiledChannels * outputStride)
        Parallel.forEachChunk(tiledChannels, minimumPerChunk: max(1, 16384 / outputStride)) { channels in
            for channel in channels {
                let target = spreadGradient.pointer + channel * outputStride
                target.update(repeating: 0, count: outputStride)
                guard channel < outputChannels else { continue }
                for row in 0..<g.outputHeight {
                    (target + row * planes.width)
                        .update(from: outputGradient + (channel * g.outputHeight + row) * g.outputWidth, count: g.outputWidth)
                }
            }
        }
        let sums = TensorStorage(count: tiledChannels * g.channels * taps)        // [O', C, T]
        sums.fill(0)
        let offsets = tapOffsets(kernelHeight: g.kernelHeight, kernelWidth: g.kernelWidth, paddedWidth: planes.width)
        let blockPositions = 4096                                                 // dy block stays in L2
        let tileCount = tiledChannels / channelsPerTile
        for first in stride(from: 0, to: outputStride, by: blockPositions) {
            let block = first..<min(outputStride, first + blockPositions)
            // Each (output tile, input channel) pair owns its sums: split over the pairs.
            Parallel.forEachChunk(tileCount * g.channels, minimumPerChunk: 1) { pairs in
                for pair in pairs {
                    let channel = pair % g.channels, tile = pair / g.channels
                    offsets.withUnsafeBufferPointer { offsets in
                        kernels.correlateWeights(planes.storage.pointer, planes.planeStride, channel, g.channels, offsets,
                                                 spreadGradient.pointer, outputStride, tile, block, sums.pointer)
                    }
                }
            }
        }
        let count = outputChannels * g.channels * taps
        for index in 0..<count { weightGradient[index] += sums.pointer[index] }
    }

    /// The weights [O, C, KH, KW] rearranged for the kernels. Forward: [C, KH·KW, O'], output
    /// channels fastest. `forInputGradient`: [O, KH·KW, C'], the kernel flipped in both axes and
    /// the channels swapped (dx = dy ⋆ flip(W)ᵀ with padding KH−1−p). O' and C' are rounded up
    /// to whole register tiles, zero beyond O and C.
    static func weightsByTap(_ weight: UnsafePointer<Float>, outputChannels: Int, channels: Int, taps: Int,
                             forInputGradient: Bool = false) -> TensorStorage {
        let (sources, targets) = forInputGradient ? (outputChannels, channels) : (channels, outputChannels)
        let tiledTargets = paddedChannels(targets)
        let result = TensorStorage(count: sources * taps * tiledTargets)
        result.fill(0)
        for output in 0..<outputChannels {
            for channel in 0..<channels {
                for tap in 0..<taps {
                    let (source, target, position) = forInputGradient ? (output, channel, taps - 1 - tap) : (channel, output, tap)
                    result.pointer[(source * taps + position) * tiledTargets + target] = weight[(output * channels + channel) * taps + tap]
                }
            }
        }
        return result
    }

    /// The geometry of the input gradient's correlation: dy [O, OH, OW] padded by KH−1−p gives
    /// dx [C, H, W] (square padding, so the kernel must be square).
    static func inputGradientGeometry(_ geometry: ConvolutionGeometry, outputChannels: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(channels: outputChannels, height: geometry.outputHeight, width: geometry.outputWidth,
                            kernelHeight: geometry.kernelHeight, kernelWidth: geometry.kernelWidth,
                            stride: 1, padding: geometry.kernelHeight - 1 - geometry.padding)
    }
}
