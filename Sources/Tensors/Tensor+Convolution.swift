import Parallelism

/// The geometry of one 2-D convolution: input plane, kernel, stride, padding and output plane.
struct ConvolutionGeometry {
    let channels: Int, height: Int, width: Int
    let kernelHeight: Int, kernelWidth: Int
    let stride: Int, padding: Int

    var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the column matrix: `C*KH*KW`.
    var columnRows: Int { channels * kernelHeight * kernelWidth }
    /// Columns of the column matrix: `OH*OW`.
    var columnCount: Int { outputHeight * outputWidth }
    /// A 1x1, stride-1, unpadded kernel: the image already is its column matrix.
    var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }

    /// Output rows split into tiles whose column matrix [K, rows·OW] stays near `tileFloats`
    /// floats, so that it is still in cache when gemm reads it (at least one row per tile).
    var rowTiles: [Range<Int>] {
        let rowsPerTile = max(1, min(outputHeight, Self.tileFloats / max(1, columnRows * outputWidth)))
        return Swift.stride(from: 0, to: outputHeight, by: rowsPerTile).map { $0..<min(outputHeight, $0 + rowsPerTile) }
    }

    /// Target size of one column-matrix tile, in floats (4 MiB, a share of L3; measured against
    /// 0.25, 1, 8, 16 MiB and untiled on PackNet-S layers: untiled is up to 2x slower at 256x192).
    static let tileFloats = 1 << 20
}

/// Unfolds output rows `outputRows` of one image [C, H, W] into a column matrix
/// [C*KH*KW, R*OW] (R = outputRows.count; all rows by default): row `(c*KH + kh)*KW + kw` holds
/// the input pixel that kernel tap (kh, kw) of channel c sees at each of those output pixels
/// (zero outside the image). Parallel over channels; each row is written in output order.
func im2col(_ image: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>, _ geometry: ConvolutionGeometry,
            outputRows: Range<Int>? = nil) {
    let g = geometry
    let outputRows = outputRows ?? 0..<g.outputHeight, outputWidth = g.outputWidth
    let columnCount = outputRows.count * outputWidth
    Parallel.forEachChunk(g.channels, minimumPerChunk: max(1, 8192 / max(1, columnCount * g.kernelHeight * g.kernelWidth))) { channels in
        for channel in channels {
            let plane = image + channel * g.height * g.width
            for kh in 0..<g.kernelHeight {
                for kw in 0..<g.kernelWidth {
                    var row = columns + ((channel * g.kernelHeight + kh) * g.kernelWidth + kw) * columnCount
                    // Output columns whose input column lies inside the image: ow in [first, end).
                    let first = min(outputWidth, max(0, (g.padding - kw + g.stride - 1) / g.stride))
                    let end = max(first, min(outputWidth, (g.width + g.padding - kw + g.stride - 1) / g.stride))
                    for oh in outputRows {
                        let inputRow = oh * g.stride - g.padding + kh
                        if inputRow < 0 || inputRow >= g.height {
                            row.update(repeating: 0, count: outputWidth)
                        } else {
                            let source = plane + inputRow * g.width - g.padding + kw
                            row.update(repeating: 0, count: first)
                            if g.stride == 1 {
                                (row + first).update(from: source + first, count: end - first)
                            } else {
                                for ow in first..<end { row[ow] = source[ow * g.stride] }
                            }
                            (row + end).update(repeating: 0, count: outputWidth - end)
                        }
                        row += outputWidth
                    }
                }
            }
        }
    }
}

/// The adjoint of ``im2col``: folds a column matrix [C*KH*KW, R*OW] of output rows `outputRows`
/// back into an image [C, H, W], adding every tap's value to the pixel it was read from (entries
/// that read padding are dropped). Accumulates into `image`. Parallel over channels (disjoint
/// image planes).
func col2im(_ columns: UnsafePointer<Float>, _ image: UnsafeMutablePointer<Float>, _ geometry: ConvolutionGeometry,
            outputRows: Range<Int>? = nil) {
    let g = geometry
    let outputRows = outputRows ?? 0..<g.outputHeight, outputWidth = g.outputWidth
    let columnCount = outputRows.count * outputWidth
    Parallel.forEachChunk(g.channels, minimumPerChunk: max(1, 8192 / max(1, columnCount * g.kernelHeight * g.kernelWidth))) { channels in
        for channel in channels {
            let plane = image + channel * g.height * g.width
            for kh in 0..<g.kernelHeight {
                for kw in 0..<g.kernelWidth {
                    var row = columns + ((channel * g.kernelHeight + kh) * g.kernelWidth + kw) * columnCount
                    let first = min(outputWidth, max(0, (g.padding - kw + g.stride - 1) / g.stride))
                    let end = max(first, min(outputWidth, (g.width + g.padding - kw + g.stride - 1) / g.stride))
                    for oh in outputRows {
                        let inputRow = oh * g.stride - g.padding + kh
                        if inputRow >= 0 && inputRow < g.height {
                            let target = plane + inputRow * g.width - g.padding + kw
                            if g.stride == 1 {
                                for ow in first..<end { target[ow] += row[ow] }
                            } else {
                                for ow in first..<end { target[ow * g.stride] += row[ow] }
                            }
                        }
                        row += outputWidth
                    }
                }
            }
        }
    }
}

/// 2-D cross-correlation with zero padding, as PyTorch's `conv2d`.
///
/// - Parameters:
///   - x: input [N, C, H, W].
///   - weight: kernels [O, C, KH, KW] (PyTorch layout).
///   - bias: [O], or `nil`.
///   - algorithm: ``ConvolutionAlgorithm/automatic`` (the default), the AVX2 kernels only, or
///     the im2col reference.
/// - Returns: [N, O, OH, OW] with `OH = (H + 2·padding − KH) / stride + 1` (likewise OW).
///
/// Stride-1 layers with rows of 32 or more pixels and at most 32 channels in or out run on
/// ``DirectConvolution``'s kernels (when the CPU has AVX2 and FMA; 16-float vectors with AVX-512),
/// and so do stride-2 layers whose split into 2x2 phases suits them (``SpaceToDepthConvolution``).
/// Small output maps (≤ 256 pixels) of a batch are unfolded side by side and multiplied at once
/// (``BatchedColumns``), and 1x1 stride-1 layers correlate (or multiply) blocks of pixels of all
/// images across cores (``PointwiseConvolution``). Otherwise each image is unfolded by ``im2col`` in tiles of
/// output rows (so the column matrix stays in cache), each tile multiplied by the weight matrix
/// with one gemm (the `.im2col` reference multiplies a 1x1 kernel's image directly).
public func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int,
                   algorithm: ConvolutionAlgorithm = .automatic) -> Tensor {
    precondition(x.rank == 4 && weight.rank == 4 && x.shape[1] == weight.shape[1],
                 "conv2d: input \(x.shape) vs weight \(weight.shape)")
    precondition(bias == nil || bias!.shape == [weight.shape[0]], "conv2d: weight \(weight.shape) vs bias \(bias!.shape)")
    precondition(stride >= 1 && padding >= 0, "conv2d: stride \(stride), padding \(padding)")
    let started = FlopCounter.start()
    let batch = x.shape[0], outputChannels = weight.shape[0]
    let geometry = ConvolutionGeometry(
        channels: x.shape[1], height: x.shape[2], width: x.shape[3],
        kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride, padding: padding)
    precondition(geometry.outputHeight > 0 && geometry.outputWidth > 0,
                 "conv2d: input \(x.shape) too small for weight \(weight.shape) with padding \(padding)")
    let rows = geometry.columnRows, columns = geometry.columnCount       // K = C*KH*KW, P = OH*OW
    let outputWidth = geometry.outputWidth, imageCount = geometry.channels * geometry.height * geometry.width
    let tiles = geometry.rowTiles, kernels = DirectConvolution.kernels(for: geometry, outputChannels: outputChannels, algorithm: algorithm)
    let strided = algorithm == .im2col ? nil : SpaceToDepthConvolution.Plan(geometry, weight: weight.storage.pointer,
                                                                            outputChannels: outputChannels, algorithm: algorithm)
    let direct = kernels != nil || strided != nil
    let batched = !direct && algorithm != .im2col && BatchedColumns.handles(geometry, batch: batch)
    let pointwise = geometry.isPointwise && algorithm != .im2col ? PointwiseConvolution.Shape(
        batch: batch, channels: geometry.channels, outputChannels: outputChannels, pixels: columns) : nil
    let output = TensorStorage(count: batch * outputChannels * columns)  // [N, O, OH*OW]
    // [K, T] for a tile of T = rows·OW output pixels
    let scratch = geometry.isPointwise || direct || batched ? nil : TensorStorage(count: rows * tiles[0].count * outputWidth)
    let weightsByTap = kernels != nil ? DirectConvolution.weightsByTap(               // [C, KH*KW, O']
        weight.storage.pointer, outputChannels: outputChannels, channels: geometry.channels,
        taps: geometry.kernelHeight * geometry.kernelWidth) : nil

    let biasValues = bias.map { UnsafePointer($0.storage.pointer) }
    // A stride-2 layer's split images, kept for its weight gradient.
    let keepsSplitPlanes = strided != nil && GradientMode.isRecording && weight.requiresGradient
    var splitPlanes: [DirectConvolution.PaddedPlanes] = []
    for image in 0..<batch where pointwise == nil {
        let source = x.storage.pointer + image * imageCount
        let target = output.pointer + image * outputChannels * columns
        // The direct kernels write bias + sum themselves; the products add into a bias-filled output.
        if !direct {
            for channel in 0..<outputChannels {
                (target + channel * columns).update(repeating: biasValues?[channel] ?? 0, count: columns)
            }
        }
        if batched { continue }   // all images at once, below
        if let strided {
            let planes = strided.forward(source, bias: biasValues, into: target)
            if keepsSplitPlanes { splitPlanes.append(planes) }
            continue
        }
        if let weightsByTap, let kernels {
            DirectConvolution.correlate(source, geometry: geometry, kernels: kernels, weightsByTap: weightsByTap.pointer,
                                        outputChannels: outputChannels, start: .adding(bias: biasValues), into: target)
            continue
        }
        guard let scratch else {
            // [O, C] · [C, P] → [O, P]
            BLAS.gemm(m: outputChannels, n: columns, k: rows, a: weight.storage.pointer, lda: rows,
                      b: source, ldb: columns, beta: 1, c: target, ldc: columns)
            continue
        }
        for tile in tiles {
            let first = tile.lowerBound * outputWidth, width = tile.count * outputWidth
            im2col(source, scratch.pointer, geometry, outputRows: tile)     // [K, T]
            // [O, K] · [K, T] → [O, T] (columns first..<first+T of [O, P])
            BLAS.gemm(m: outputChannels, n: width, k: rows, a: weight.storage.pointer, lda: rows,
                      b: scratch.pointer, ldb: width, beta: 1, c: target + first, ldc: columns)
        }
    }
    if let pointwise {
        PointwiseConvolution.forward(x.storage.pointer, shape: pointwise, weight: weight.storage.pointer, bias: biasValues,
                                     kernels: DirectConvolution.vectorKernels(for: algorithm), into: output.pointer)
    }
    let batchedColumns = batched ? BatchedColumns.forward(x.storage.pointer, batch: batch, geometry: geometry,
                                                          weight: weight.storage.pointer, outputChannels: outputChannels,
                                                          into: output.pointer) : nil
    withExtendedLifetime((scratch, weightsByTap)) {}
    let keptSplitPlanes = splitPlanes
    let flops = 2 * batch * outputChannels * rows * columns
    FlopCounter.add(flops, since: started)

    let inputs = [x, weight] + (bias.map { [$0] } ?? [])
    return .result(shape: [batch, outputChannels, geometry.outputHeight, geometry.outputWidth],
                   storage: output, inputs: inputs) { gradient in
        // y = W · cols(x) + b  ⇒  dW = Σ_n dy_n · cols(x_n)ᵀ,  dcols = Wᵀ · dy_n,
        // dx = col2im(dcols),  db = Σ_{n,p} dy
        let started = FlopCounter.start()
        let inputTarget = x.gradientTarget(), weightTarget = weight.gradientTarget()
        let biasTarget = bias?.gradientTarget()
        defer { FlopCounter.add(flops * ((inputTarget == nil ? 0 : 1) + (weightTarget == nil ? 0 : 1)), since: started) }
        let columnScratch = geometry.isPointwise || direct || batched ? nil : TensorStorage(count: rows * tiles[0].count * outputWidth)
        // dx = dy ⋆ flip(W)ᵀ: [O, KH*KW, C']
        let flippedWeights = kernels != nil && inputTarget != nil ? DirectConvolution.weightsByTap(
            weight.storage.pointer, outputChannels: outputChannels, channels: geometry.channels,
            taps: geometry.kernelHeight * geometry.kernelWidth, forInputGradient: true) : nil
        let inputGradientGeometry = DirectConvolution.inputGradientGeometry(geometry, outputChannels: outputChannels)
        let splitWeightGradient = strided.flatMap { plan in weightTarget.map { _ -> TensorStorage in
            let storage = TensorStorage(count: plan.splitWeights.count)
            storage.fill(0)
            return storage
        } }
        let splitFlippedWeights = inputTarget == nil ? nil : strided?.inputGradientWeights()
        if let pointwise {
            PointwiseConvolution.backward(x.storage.pointer, shape: pointwise, weight: weight.storage.pointer, gradient: gradient,
                                          kernels: DirectConvolution.vectorKernels(for: algorithm), inputTarget: inputTarget,
                                          weightTarget: weightTarget, biasTarget: biasTarget)
        }
        for image in 0..<batch where pointwise == nil {
            let outputGradient = gradient + image * outputChannels * columns   // [O, P]
            let source = x.storage.pointer + image * imageCount
            if let biasTarget {
                for channel in 0..<outputChannels {
                    biasTarget[channel] += RowKernels.sum(outputGradient + channel * columns, count: columns)
                }
            }
            if batched { continue }   // all images at once, below
            if let strided {
                let inputGradient = inputTarget.flatMap { target in
                    splitFlippedWeights.map { (target + image * imageCount, UnsafePointer($0.pointer)) }
                }
                strided.backward(source, keptSplitPlanes: keptSplitPlanes.isEmpty ? nil : keptSplitPlanes[image],
                                 outputGradient: outputGradient, splitWeightGradient: splitWeightGradient?.pointer,
                                 inputGradient: inputGradient)
                continue
            }
            if let kernels {
                if let weightTarget {
                    DirectConvolution.accumulateWeightGradient(source, geometry: geometry, kernels: kernels,
                                                               outputGradient: outputGradient,
                                                               outputChannels: outputChannels, into: weightTarget)
                }
                if let inputTarget, let flippedWeights {
                    DirectConvolution.correlate(
                        outputGradient, geometry: inputGradientGeometry, kernels: kernels,
                        weightsByTap: flippedWeights.pointer, outputChannels: geometry.channels,
                        start: .existing, into: inputTarget + image * imageCount)
                }
                continue
            }
            guard let columnScratch else {
                // dW += [O, P] · [C, P]ᵀ,  dx += [O, C]ᵀ · [O, P]
                if let weightTarget {
                    BLAS.gemm(transposeB: true, m: outputChannels, n: rows, k: columns, a: outputGradient, lda: columns,
                              b: source, ldb: columns, beta: 1, c: weightTarget, ldc: rows)
                }
                if let inputTarget {
                    BLAS.gemm(transposeA: true, m: rows, n: columns, k: outputChannels, a: weight.storage.pointer, lda: rows,
                              b: outputGradient, ldb: columns, beta: 1, c: inputTarget + image * imageCount, ldc: columns)
                }
                continue
            }
            for tile in tiles {
                let first = tile.lowerBound * outputWidth, width = tile.count * outputWidth
                if let weightTarget {
                    im2col(source, columnScratch.pointer, geometry, outputRows: tile)   // [K, T]
                    // [O, T] · [K, T]ᵀ → [O, K], accumulated
                    BLAS.gemm(transposeB: true, m: outputChannels, n: rows, k: width, a: outputGradient + first, lda: columns,
                              b: columnScratch.pointer, ldb: width, beta: 1, c: weightTarget, ldc: rows)
                }
                if let inputTarget {
                    // [O, K]ᵀ · [O, T] → [K, T], then folded back into [C, H, W]
                    BLAS.gemm(transposeA: true, m: rows, n: width, k: outputChannels, a: weight.storage.pointer, lda: rows,
                              b: outputGradient + first, ldb: columns, c: columnScratch.pointer, ldc: width)
                    col2im(columnScratch.pointer, inputTarget + image * imageCount, geometry, outputRows: tile)
                }
            }
        }
        if let batchedColumns {
            BatchedColumns.backward(batch: batch, geometry: geometry, weight: weight.storage.pointer,
                                    outputChannels: outputChannels, gradient: gradient, unfolded: batchedColumns,
                                    weightTarget: weightTarget, inputTarget: inputTarget)
        }
        if let strided, let splitWeightGradient, let weightTarget {
            strided.mergeWeightGradient(splitWeightGradient.pointer, into: weightTarget)
        }
        withExtendedLifetime((columnScratch, flippedWeights, splitFlippedWeights)) {}
    }
}
