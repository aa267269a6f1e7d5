import Parallelism

/// Adds `w0·source[x−1] + w1·source[x] + w2·source[x+1]` to `target[x]` for x in 0..<width,
/// reading zero outside the row.
@inline(__always)
private func accumulateThreeTaps(
    _ target: UnsafeMutablePointer<Float>, _ source: UnsafePointer<Float>, width: Int,
    _ w0: Float, _ w1: Float, _ w2: Float
) {
    if width == 1 { target[0] += w1 * source[0]; return }
    target[0] += w1 * source[0] + w2 * source[1]
    for x in 1..<(width - 1) { target[x] += w0 * source[x - 1] + w1 * source[x] + w2 * source[x + 1] }
    target[width - 1] += w0 * source[width - 2] + w1 * source[width - 1]
}

/// The channel-axis Conv3d of PackNet (shared/ARCHITECTURE.md): the map [B, C, h, w] is viewed
/// as [B, 1, C, h, w], convolved by Conv3d(1, d, 3x3x3, zero padding 1, bias) and viewed back.
///
/// - Parameters:
///   - x: [B, C, h, w].
///   - weight: [d, 1, 3, 3, 3] (PyTorch Conv3d layout: taps along channel, row, column).
///   - bias: [d].
/// - Returns: [B, d·C, h, w]; channel `k·C + c` is filter k centred on input channel c.
///
/// Direct loops: each output plane is a sum of 27 shifted input planes, vectorised along rows.
public func channelConv3d(_ x: Tensor, weight: Tensor, bias: Tensor) -> Tensor {
    precondition(x.rank == 4 && weight.rank == 5 && Array(weight.shape.dropFirst()) == [1, 3, 3, 3],
                 "channelConv3d: input \(x.shape) vs weight \(weight.shape)")
    precondition(bias.shape == [weight.shape[0]], "channelConv3d: weight \(weight.shape) vs bias \(bias.shape)")
    let batch = x.shape[0], channels = x.shape[1], height = x.shape[2], width = x.shape[3]
    let filters = weight.shape[0], plane = height * width
    let output = TensorStorage(count: batch * filters * channels * plane)   // [B, d, C, h, w]
    let source = x.storage.pointer, taps = weight.storage.pointer

    // y[b, k, c, i, j] = bias[k] + Σ_{dc,di,dj} w[k, dc, di, dj] · x[b, c+dc−1, i+di−1, j+dj−1]
    Parallel.forEachChunk(batch * filters * channels, minimumPerChunk: max(1, 4096 / max(1, 27 * plane))) { planes in
        for index in planes {
            let c = index % channels, k = (index / channels) % filters, b = index / (channels * filters)
            let target = output.pointer + index * plane
            target.update(repeating: bias.storage.pointer[k], count: plane)
            for dc in 0..<3 where c + dc - 1 >= 0 && c + dc - 1 < channels {
                let inputPlane = source + (b * channels + c + dc - 1) * plane
                for di in 0..<3 {
                    let tap = taps + ((k * 3 + dc) * 3 + di) * 3
                    for i in max(0, 1 - di)..<min(height, height + 1 - di) {
                        accumulateThreeTaps(target + i * width, inputPlane + (i + di - 1) * width,
                                            width: width, tap[0], tap[1], tap[2])
                    }
                }
            }
        }
    }

    let flops = 2 * 27 * batch * filters * channels * plane
    FlopCounter.add(flops)

    return .result(shape: [batch, filters * channels, height, width], storage: output,
                   inputs: [x, weight, bias]) { gradient in
        FlopCounter.add(flops * ((x.requiresGradient ? 1 : 0) + (weight.requiresGradient ? 1 : 0)))
        // dx[b, c', i', j'] = Σ_{k,dc,di,dj} w[k, dc, di, dj] · dy[b, k, c'−dc+1, i'−di+1, j'−dj+1]
        // dw[k, dc, di, dj] = Σ_{b,c,i,j} dy[b, k, c, i, j] · x[b, c+dc−1, i+di−1, j+dj−1]
        // dbias[k] = Σ_{b,c,i,j} dy[b, k, c, i, j]
        if let inputTarget = x.gradientTarget() {
            Parallel.forEachChunk(batch * channels, minimumPerChunk: max(1, 4096 / max(1, 27 * filters * plane))) { planes in
                for index in planes {
                    let sourceChannel = index % channels, b = index / channels
                    let target = inputTarget + index * plane
                    for k in 0..<filters {
                        for dc in 0..<3 {
                            let c = sourceChannel - dc + 1
                            guard c >= 0 && c < channels else { continue }
                            let outputPlane = gradient + ((b * filters + k) * channels + c) * plane
                            for di in 0..<3 {
                                let tap = taps + ((k * 3 + dc) * 3 + di) * 3
                                // input row i' receives output row i' − di + 1, columns mirrored
                                for i in max(0, di - 1)..<min(height, height + di - 1) {
                                    accumulateThreeTaps(target + i * width, outputPlane + (i - di + 1) * width,
                                                        width: width, tap[2], tap[1], tap[0])
                                }
                            }
                        }
                    }
                }
            }
        }
        if let weightTarget = weight.gradientTarget() {
            // one pass per (k, dc, di) gives the three column taps dj together
            var sums = [Double](repeating: 0, count: filters * 27)
            sums.withUnsafeMutableBufferPointer { sums in
                Parallel.concurrentPerform(filters * 9) { entry in
                    let k = entry / 9, dc = entry / 3 % 3, di = entry % 3
                    var totals = (0.0, 0.0, 0.0)
                    for b in 0..<batch {
                        for c in max(0, 1 - dc)..<min(channels, channels + 1 - dc) {
                            let outputPlane = gradient + ((b * filters + k) * channels + c) * plane
                            let inputPlane = source + (b * channels + c + dc - 1) * plane
                            for i in max(0, 1 - di)..<min(height, height + 1 - di) {
                                let outputRow = outputPlane + i * width, inputRow = inputPlane + (i + di - 1) * width
                                totals.0 += Double(RowKernels.dot(outputRow + 1, inputRow, count: width - 1))
                                totals.1 += Double(RowKernels.dot(outputRow, inputRow, count: width))
                                totals.2 += Double(RowKernels.dot(outputRow, inputRow + 1, count: width - 1))
                            }
                        }
                    }
                    sums[entry * 3] = totals.0; sums[entry * 3 + 1] = totals.1; sums[entry * 3 + 2] = totals.2
                }
            }
            for entry in 0..<filters * 27 { weightTarget[entry] += Float(sums[entry]) }
        }
        if let biasTarget = bias.gradientTarget() {
            for k in 0..<filters {
                var total = 0.0
                for b in 0..<batch {
                    let block = gradient + (b * filters + k) * channels * plane
                    total += Double(RowKernels.sum(block, count: channels * plane))
                }
                biasTarget[k] += Float(total)
            }
        }
    }
}
