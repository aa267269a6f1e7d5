import Parallelism
import VectorKernels

/// The channel-axis Conv3d of PackNet (shared/ARCHITECTURE.md): the map [B, C, h, w] is viewed
/// as [B, 1, C, h, w], convolved by Conv3d(1, d, 3x3x3, zero padding 1, bias) and viewed back.
///
/// - Parameters:
///   - x: [B, C, h, w].
///   - weight: [d, 1, 3, 3, 3] (PyTorch Conv3d layout: taps along channel, row, column).
///   - bias: [d].
/// - Returns: [B, d·C, h, w]; channel `k·C + c` is filter k centred on input channel c.
///
/// Direct loops over zero-padded copies of the volumes: 27 shifted copies summed for two filters
/// at a time, with the widest vector kernels the CPU has (`ChannelVolumeFilter`).
public func channelConv3d(_ x: Tensor, weight: Tensor, bias: Tensor) -> Tensor {
    channelConv3d(x, weight: weight, bias: bias, kernels: widestVectorKernels)
}

/// The extents of a channel-axis Conv3d: input [B, C, h, w], `filters` = d.
struct ChannelVolume {
    let batch: Int, channels: Int, height: Int, width: Int, filters: Int
    var plane: Int { height * width }

    /// Offset of row `row` of plane `channel` of image `image` in a [images, C, h, w] block.
    func row(_ image: Int, _ channel: Int, _ row: Int) -> Int { ((image * channels + channel) * height + row) * width }

    /// True when channel `channel` and row `row` are inside the volume.
    func contains(channel: Int, row: Int) -> Bool { channel >= 0 && channel < channels && row >= 0 && row < height }
}

/// ``channelConv3d(_:weight:bias:)`` with the vector kernels of `kernels`, or plain row loops
/// when nil (CPUs without AVX2; tests compare the two).
func channelConv3d(_ x: Tensor, weight: Tensor, bias: Tensor, kernels: ConvolutionKernels?) -> Tensor {
    precondition(x.rank == 4 && weight.rank == 5 && Array(weight.shape.dropFirst()) == [1, 3, 3, 3],
                 "channelConv3d: input \(x.shape) vs weight \(weight.shape)")
    precondition(bias.shape == [weight.shape[0]], "channelConv3d: weight \(weight.shape) vs bias \(bias.shape)")
    let started = FlopCounter.start()
    let volume = ChannelVolume(batch: x.shape[0], channels: x.shape[1], height: x.shape[2], width: x.shape[3],
                               filters: weight.shape[0])
    let output = TensorStorage(count: volume.batch * volume.filters * volume.channels * volume.plane)   // [B, d, C, h, w]
    let source = x.storage.pointer, taps = weight.storage.pointer

    // y[b, k, c, i, j] = bias[k] + Σ_{dc,di,dj} w[k, dc, di, dj] · x[b, c+dc−1, i+di−1, j+dj−1]
    if let kernels {
        PaddedPlaneGroups(volume: volume, kernels: kernels)
            .filter(source, taps: taps, bias: bias.storage.pointer, kernels: kernels, into: output.pointer)
    } else {
        filterPlanesInRowLoops(source, taps: taps, bias: bias.storage.pointer, volume: volume, into: output.pointer)
    }
    let flops = 2 * 27 * volume.batch * volume.filters * volume.channels * volume.plane
    FlopCounter.add(flops, since: started)

    return .result(shape: [volume.batch, volume.filters * volume.channels, volume.height, volume.width],
                   storage: output, inputs: [x, weight, bias]) { gradient in
        let started = FlopCounter.start()
        defer { FlopCounter.add(flops * ((x.requiresGradient ? 1 : 0) + (weight.requiresGradient ? 1 : 0)), since: started) }
        let inputTarget = x.gradientTarget(), weightTarget = weight.gradientTarget()
        // dx[b, c', i', j'] = Σ_{k,dc,di,dj} w[k, dc, di, dj] · dy[b, k, c'−dc+1, i'−di+1, j'−dj+1]
        // dw[k, dc, di, dj] = Σ_{b,c,i,j} dy[b, k, c, i, j] · x[b, c+dc−1, i+di−1, j+dj−1]
        if let kernels {
            if inputTarget != nil || weightTarget != nil {
                let sums = PaddedPlaneGroups(volume: volume, kernels: kernels)
                    .backward(gradient, source, taps: taps, kernels: kernels, inputGradient: inputTarget,
                              tapGradients: weightTarget != nil)
                if let weightTarget {
                    for entry in 0..<volume.filters * 27 { weightTarget[entry] += Float(sums[entry]) }
                }
            }
        } else {
            if let inputTarget {
                transposedFilterPlanesInRowLoops(gradient, taps: taps, volume: volume, into: inputTarget)
            }
            if let weightTarget {
                let sums = tapGradientsInRowLoops(gradient, source, volume: volume)
                for entry in 0..<volume.filters * 27 { weightTarget[entry] += Float(sums[entry]) }
            }
        }
        // dbias[k] = Σ_{b,c,i,j} dy[b, k, c, i, j]
        if let biasTarget = bias.gradientTarget() {
            var totals = [Double](repeating: 0, count: volume.batch * volume.filters)   // [B, d]
            totals.withUnsafeMutableBufferPointer { totals in
                Parallel.forEachChunk(volume.batch * volume.filters, minimumPerChunk: 1) { blocks in
                    for block in blocks {
                        let values = gradient + block * volume.channels * volume.plane
                        totals[block] = Double(RowKernels.sum(values, count: volume.channels * volume.plane))
                    }
                }
            }
            for k in 0..<volume.filters {
                var total = 0.0
                for b in 0..<volume.batch { total += totals[b * volume.filters + k] }
                biasTarget[k] += Float(total)
            }
        }
    }
}
