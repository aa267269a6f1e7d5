import Parallelism
import VectorKernels

/// Stride-2 convolutions computed as stride-1 ones, so that ``DirectConvolution``'s kernels can
/// run them (im2col + gemm is slow on layers with few channels, such as the pose network's
/// 7x7 stem on 6 channels).
///
/// With the input zero-padded and split into its four 2x2 phases (space to depth: channel
/// `4c + 2·py + px` of the split holds `x[c][2i + py − p][2j + px − p]`), a k×k kernel of
/// stride 2 is a k′×k′ kernel of stride 1 (k′ = ⌈k/2⌉) without padding over 4C channels:
/// tap (a, b) of phase (py, px) is the original tap (2a + py, 2b + px), zero where that lies
/// beyond k. The zero taps cost (2k′)²/k² more multiply-adds (64/49 for 7x7), far less than
/// what the direct kernels gain over gemm there. Gradients follow the same correspondence back.
enum SpaceToDepthConvolution {
    /// One stride-2 layer planned for the direct kernels: the split geometry, its kernels and
    /// the split kernel weights.
    struct Plan {
        let geometry: ConvolutionGeometry, split: ConvolutionGeometry
        let kernels: ConvolutionKernels
        let outputChannels: Int
        /// [O, 4C, k′, k′]
        let splitWeights: TensorStorage

        /// `splitWeights` arranged for the forward correlation.
        private let weightsByTap: TensorStorage

        /// The plan for `geometry`, or `nil` when it is not stride 2 or its split geometry does
        /// not suit the direct kernels (``DirectConvolution/kernels(for:outputChannels:algorithm:)``).
        init?(_ geometry: ConvolutionGeometry, weight: UnsafePointer<Float>, outputChannels: Int, algorithm: ConvolutionAlgorithm) {
            guard let split = splitGeometry(geometry),
                  let kernels = DirectConvolution.kernels(for: split, outputChannels: outputChannels, algorithm: algorithm)
            else { return nil }
            self.geometry = geometry; self.split = split; self.kernels = kernels; self.outputChannels = outputChannels
            splitWeights = SpaceToDepthConvolution.splitWeights(weight, outputChannels: outputChannels, geometry, split)
            weightsByTap = DirectConvolution.weightsByTap(splitWeights.pointer, outputChannels: outputChannels,
                                                          channels: split.channels, taps: split.kernelHeight * split.kernelWidth)
        }

        /// `splitWeights` arranged for the input gradient's correlation (pass it to
        /// ``backward(_:outputGradient:splitWeightGradient:inputGradient:)``; made only when an
        /// input gradient is wanted).
        func inputGradientWeights() -> TensorStorage {
            DirectConvolution.weightsByTap(splitWeights.pointer, outputChannels: outputChannels, channels: split.channels,
                                           taps: split.kernelHeight * split.kernelWidth, forInputGradient: true)
        }

        /// Writes the convolution of one image [C, H, W] plus `bias` [O] (none: 0) to `output`
        /// [O, OH, OW]; returns the image's split, which the weight gradient reads again.
        @discardableResult
        func forward(_ image: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                     into output: UnsafeMutablePointer<Float>) -> DirectConvolution.PaddedPlanes {
            let planes = splitPlanes(image)
            DirectConvolution.correlate(planes, geometry: split, kernels: kernels, weightsByTap: weightsByTap.pointer,
                                        outputChannels: outputChannels, start: .adding(bias: bias), into: output)
            return planes
        }

        /// Adds one image's gradients: of the split kernel to `splitWeightGradient` [O, 4C, k′, k′]
        /// (fold it with ``mergeWeightGradient(_:into:)`` after the last image; from
        /// `keptSplitPlanes`, the forward pass's split of `image`, when given) and of the image to
        /// `inputGradient` [C, H, W] (with `inputGradientWeights`, from ``inputGradientWeights()``).
        func backward(_ image: UnsafePointer<Float>, keptSplitPlanes: DirectConvolution.PaddedPlanes?,
                      outputGradient: UnsafePointer<Float>, splitWeightGradient: UnsafeMutablePointer<Float>?,
                      inputGradient: (target: UnsafeMutablePointer<Float>, weights: UnsafePointer<Float>)?) {
            if let splitWeightGradient {
                DirectConvolution.accumulateWeightGradient(keptSplitPlanes ?? splitPlanes(image), geometry: split, kernels: kernels,
                                                           outputGradient: outputGradient, outputChannels: outputChannels,
                                                           into: splitWeightGradient)
            }
            if let (inputGradient, flippedWeightsByTap) = inputGradient {
                // The correlation overwrites every value of the split's gradient (start: zero).
                let planeGradient = TensorStorage(count: split.channels * split.height * split.width)
                DirectConvolution.correlate(outputGradient, geometry: DirectConvolution.inputGradientGeometry(split, outputChannels: outputChannels),
                                            kernels: kernels, weightsByTap: flippedWeightsByTap, outputChannels: split.channels,
                                            start: .zero, into: planeGradient.pointer)
                merge(planeGradient.pointer, geometry, split, into: inputGradient)
            }
        }

        /// Adds the split kernel's gradient to the kernel's [O, C, k, k].
        func mergeWeightGradient(_ splitGradient: UnsafePointer<Float>, into gradient: UnsafeMutablePointer<Float>) {
            SpaceToDepthConvolution.mergeWeightGradient(splitGradient, outputChannels: outputChannels, geometry, split, into: gradient)
        }

        /// One image's split, laid out for the direct kernels.
        private func splitPlanes(_ image: UnsafePointer<Float>) -> DirectConvolution.PaddedPlanes {
            let slack = max(DirectConvolution.correlationSlack(split, kernels: kernels),
                            DirectConvolution.weightGradientSlack(split, kernels: kernels))
            let (geometry, split) = (geometry, split)
            return DirectConvolution.PaddedPlanes(channels: split.channels, height: split.height, width: split.width, slack: slack) {
                splitPlane($0, of: image, geometry, split, into: $1)
            }
        }
    }

    /// The stride-1 geometry of the split input, or `nil` when `geometry` is not a square
    /// stride-2 convolution.
    static func splitGeometry(_ geometry: ConvolutionGeometry) -> ConvolutionGeometry? {
        let g = geometry
        guard g.stride == 2, g.kernelHeight == g.kernelWidth, g.kernelHeight > 1 else { return nil }
        let reduced = (g.kernelHeight + 1) / 2
        return ConvolutionGeometry(channels: 4 * g.channels, height: g.outputHeight + reduced - 1,
                                   width: g.outputWidth + reduced - 1, kernelHeight: reduced, kernelWidth: reduced,
                                   stride: 1, padding: 0)
    }

    /// Writes channel `channel` of one image's split [4C, H′, W′] (a phase of its padded planes)
    /// to `plane` (H′ · W′ floats).
    static func splitPlane(_ channel: Int, of image: UnsafePointer<Float>, _ geometry: ConvolutionGeometry,
                           _ split: ConvolutionGeometry, into plane: UnsafeMutablePointer<Float>) {
        let g = geometry
        let (source, py, px) = (channel / 4, channel % 4 / 2, channel % 2)
        let columns = phaseColumns(px, geometry, split)
        for i in 0..<split.height {
            let row = plane + i * split.width, y = 2 * i + py - g.padding
            guard y >= 0 && y < g.height else { row.update(repeating: 0, count: split.width); continue }
            let input = image + (source * g.height + y) * g.width + 2 * columns.lowerBound + px - g.padding
            row.update(repeating: 0, count: columns.lowerBound)
            for j in 0..<columns.count { row[columns.lowerBound + j] = input[2 * j] }
            (row + columns.upperBound).update(repeating: 0, count: split.width - columns.upperBound)
        }
    }

    /// Adds the gradient of the split planes `planes` [4C, H′, W′] to the image's [C, H, W]
    /// (every input pixel has exactly one place in the split).
    static func merge(_ planes: UnsafePointer<Float>, _ geometry: ConvolutionGeometry, _ split: ConvolutionGeometry,
                      into image: UnsafeMutablePointer<Float>) {
        let g = geometry, planeCount = split.height * split.width
        Parallel.forEachChunk(g.channels, minimumPerChunk: 1) { channels in
            for source in channels {
                for phase in 0..<4 {
                    let (py, px) = (phase / 2, phase % 2)
                    let plane = planes + (4 * source + phase) * planeCount
                    let columns = phaseColumns(px, geometry, split)
                    for i in 0..<split.height {
                        let y = 2 * i + py - g.padding
                        guard y >= 0 && y < g.height else { continue }
                        let row = plane + i * split.width + columns.lowerBound
                        let target = image + (source * g.height + y) * g.width + 2 * columns.lowerBound + px - g.padding
                        for j in 0..<columns.count { target[2 * j] += row[j] }
                    }
                }
            }
        }
    }

    /// The split columns `j` of phase column `px` that hold image pixels: `0 ≤ 2j + px − p < W`.
    private static func phaseColumns(_ px: Int, _ geometry: ConvolutionGeometry, _ split: ConvolutionGeometry) -> Range<Int> {
        let first = max(0, (geometry.padding - px + 1) / 2)
        let end = min(split.width, (geometry.width + geometry.padding - px + 1) / 2)
        return first..<max(first, end)
    }

    /// The split kernel [O, 4C, k′, k′] of `weight` [O, C, k, k].
    static func splitWeights(_ weight: UnsafePointer<Float>, outputChannels: Int, _ geometry: ConvolutionGeometry,
                             _ split: ConvolutionGeometry) -> TensorStorage {
        let reduced = split.kernelHeight
        let result = TensorStorage(count: outputChannels * split.channels * reduced * reduced)
        result.fill(0)
        forEachTap(outputChannels: outputChannels, geometry, split) { original, splitIndex in
            result.pointer[splitIndex] = weight[original]
        }
        return result
    }

    /// Adds a gradient of the split kernel [O, 4C, k′, k′] to that of the kernel [O, C, k, k].
    static func mergeWeightGradient(_ splitGradient: UnsafePointer<Float>, outputChannels: Int, _ geometry: ConvolutionGeometry,
                                    _ split: ConvolutionGeometry, into gradient: UnsafeMutablePointer<Float>) {
        forEachTap(outputChannels: outputChannels, geometry, split) { original, splitIndex in
            gradient[original] += splitGradient[splitIndex]
        }
    }

    /// Calls `body(index in [O, C, k, k], index in [O, 4C, k′, k′])` for every original tap.
    private static func forEachTap(outputChannels: Int, _ geometry: ConvolutionGeometry, _ split: ConvolutionGeometry,
                                   _ body: (Int, Int) -> Void) {
        let k = geometry.kernelHeight, channels = geometry.channels, reduced = split.kernelHeight
        for output in 0..<outputChannels {
            for channel in 0..<channels {
                for kh in 0..<k {
                    for kw in 0..<k {
                        let splitChannel = 4 * channel + 2 * (kh % 2) + kw % 2
                        body(((output * channels + channel) * k + kh) * k + kw,
                             ((output * split.channels + splitChannel) * reduced + kh / 2) * reduced + kw / 2)
                    }
                }
            }
        }
    }
}
