import Parallelism
import VectorKernels

/// Three taps `(left, centre, right)` applied to one row: `l·row[x−1] + c·row[x] + r·row[x+1]`.
private typealias RowTaps = (left: Float, centre: Float, right: Float)

/// Adds a 3x3 filter's response to one output row: `target[x] += Σ_rows taps · row[x−1...x+1]`
/// over the rows above, at and below, reading zero outside the row (a missing row is passed as
/// a row of zeros). One pass over the target instead of one per input row.
@inline(__always)
private func accumulateNineTaps(
    _ target: UnsafeMutablePointer<Float>, width: Int,
    above: UnsafePointer<Float>, _ a: RowTaps, centre: UnsafePointer<Float>, _ c: RowTaps,
    below: UnsafePointer<Float>, _ b: RowTaps
) {
    func tapsAt(_ x: Int, _ row: UnsafePointer<Float>, _ t: RowTaps) -> Float {
        (x > 0 ? t.left * row[x - 1] : 0) + t.centre * row[x] + (x < width - 1 ? t.right * row[x + 1] : 0)
    }
    guard width > 2 else {
        for x in 0..<width { target[x] += tapsAt(x, above, a) + tapsAt(x, centre, c) + tapsAt(x, below, b) }
        return
    }
    let last = width - 1
    target[0] += tapsAt(0, above, a) + tapsAt(0, centre, c) + tapsAt(0, below, b)
    target[last] += tapsAt(last, above, a) + tapsAt(last, centre, c) + tapsAt(last, below, b)
    for x in 1..<(width - 1) {
        let top = a.left * above[x - 1] + a.centre * above[x] + a.right * above[x + 1]
        let middle = c.left * centre[x - 1] + c.centre * centre[x] + c.right * centre[x + 1]
        let bottom = b.left * below[x - 1] + b.centre * below[x] + b.right * below[x + 1]
        target[x] += top + middle + bottom
    }
}

/// The three column taps of row `di` of filter `k`, slice `dc`, in `weight` [d, 1, 3, 3, 3];
/// mirrored (right to left) for the transposed correlation of the input gradient.
@inline(__always)
private func rowTaps(_ taps: UnsafePointer<Float>, _ k: Int, _ dc: Int, _ di: Int, mirrored: Bool = false) -> RowTaps {
    let tap = taps + ((k * 3 + dc) * 3 + di) * 3
    return mirrored ? (tap[2], tap[1], tap[0]) : (tap[0], tap[1], tap[2])
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
/// Direct loops: each output plane is a sum of 27 shifted input planes, accumulated one output
/// row at a time (nine taps of three input rows per pass), vectorised along rows with the
/// widest vector kernels the CPU has.
public func channelConv3d(_ x: Tensor, weight: Tensor, bias: Tensor) -> Tensor {
    channelConv3d(x, weight: weight, bias: bias, kernels: widestVectorKernels)
}

/// ``channelConv3d(_:weight:bias:)`` with the plane filter of `kernels`, or plain row loops
/// when nil (CPUs without AVX2; tests compare the two).
func channelConv3d(_ x: Tensor, weight: Tensor, bias: Tensor, kernels: ConvolutionKernels?) -> Tensor {
    precondition(x.rank == 4 && weight.rank == 5 && Array(weight.shape.dropFirst()) == [1, 3, 3, 3],
                 "channelConv3d: input \(x.shape) vs weight \(weight.shape)")
    precondition(bias.shape == [weight.shape[0]], "channelConv3d: weight \(weight.shape) vs bias \(bias.shape)")
    let batch = x.shape[0], channels = x.shape[1], height = x.shape[2], width = x.shape[3]
    let filters = weight.shape[0], plane = height * width
    let output = TensorStorage(count: batch * filters * channels * plane)   // [B, d, C, h, w]
    let source = x.storage.pointer, taps = weight.storage.pointer

    // y[b, k, c, i, j] = bias[k] + Σ_{dc,di,dj} w[k, dc, di, dj] · x[b, c+dc−1, i+di−1, j+dj−1]
    let zeroRow = TensorStorage(count: width)   // the rows above the first and below the last
    zeroRow.fill(0)
    Parallel.forEachChunk(batch * filters * channels, minimumPerChunk: max(1, 4096 / max(1, 27 * plane))) { planes in
        for index in planes {
            let c = index % channels, k = (index / channels) % filters, b = index / (channels * filters)
            let target = output.pointer + index * plane
            target.update(repeating: bias.storage.pointer[k], count: plane)
            for dc in 0..<3 where c + dc - 1 >= 0 && c + dc - 1 < channels {
                let inputPlane = UnsafePointer(source + (b * channels + c + dc - 1) * plane)
                if let kernels {
                    kernels.accumulatePlaneFilter(target, inputPlane, height, width, taps + (k * 3 + dc) * 9, zeroRow.pointer)
                    continue
                }
                func row(_ i: Int) -> UnsafePointer<Float> { i >= 0 && i < height ? inputPlane + i * width : UnsafePointer(zeroRow.pointer) }
                let (above, centre, below) = (rowTaps(taps, k, dc, 0), rowTaps(taps, k, dc, 1), rowTaps(taps, k, dc, 2))
                for i in 0..<height {
                    accumulateNineTaps(target + i * width, width: width, above: row(i - 1), above,
                                       centre: row(i), centre, below: row(i + 1), below)
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
            // for the plane filter: each filter slice turned by 180°, as the transposed
            // correlation applies it: [d, 3, 3, 3]
            let turnedTaps = kernels.map { _ in
                let turned = TensorStorage(count: filters * 27)
                for slice in 0..<filters * 3 {
                    for tap in 0..<9 { turned.pointer[slice * 9 + tap] = taps[slice * 9 + 8 - tap] }
                }
                return turned
            }
            Parallel.forEachChunk(batch * channels, minimumPerChunk: max(1, 4096 / max(1, 27 * filters * plane))) { planes in
                for index in planes {
                    let sourceChannel = index % channels, b = index / channels
                    let target = inputTarget + index * plane
                    for k in 0..<filters {
                        for dc in 0..<3 {
                            let c = sourceChannel - dc + 1
                            guard c >= 0 && c < channels else { continue }
                            let outputPlane = gradient + ((b * filters + k) * channels + c) * plane
                            if let kernels, let turnedTaps {
                                kernels.accumulatePlaneFilter(target, outputPlane, height, width,
                                                              turnedTaps.pointer + (k * 3 + dc) * 9, zeroRow.pointer)
                                continue
                            }
                            func row(_ i: Int) -> UnsafePointer<Float> { i >= 0 && i < height ? outputPlane + i * width : UnsafePointer(zeroRow.pointer) }
                            // input row i' receives output row i' − di + 1 (di = 2, 1, 0 for the
                            // rows above, at and below), columns mirrored
                            let above = rowTaps(taps, k, dc, 2, mirrored: true), centre = rowTaps(taps, k, dc, 1, mirrored: true)
                            let below = rowTaps(taps, k, dc, 0, mirrored: true)
                            for i in 0..<height {
                                accumulateNineTaps(target + i * width, width: width, above: row(i - 1), above,
                                                   centre: row(i), centre, below: row(i + 1), below)
                            }
                        }
                    }
                }
            }
        }
        if let weightTarget = weight.gradientTarget() {
            // one pass over the planes per (k, dc) gives its nine (di, dj) taps together: each
            // output row is read once, against the input rows above, at and below it
            var sums = [Double](repeating: 0, count: filters * 27)
            sums.withUnsafeMutableBufferPointer { sums in
                Parallel.concurrentPerform(filters * 3) { entry in
                    let k = entry / 3, dc = entry % 3
                    var totals = [Double](repeating: 0, count: 9)   // [di, dj]
                    for b in 0..<batch {
                        for c in max(0, 1 - dc)..<min(channels, channels + 1 - dc) {
                            let outputPlane = gradient + ((b * filters + k) * channels + c) * plane
                            let inputPlane = UnsafePointer(source + (b * channels + c + dc - 1) * plane)
                            if let kernels {
                                totals.withUnsafeMutableBufferPointer {
                                    kernels.accumulatePlaneFilterGradient(outputPlane, inputPlane, height, width, $0.baseAddress!)
                                }
                                continue
                            }
                            for i in 0..<height {
                                let outputRow = outputPlane + i * width
                                for di in 0..<3 where i + di - 1 >= 0 && i + di - 1 < height {
                                    let (left, centre, right) = RowKernels.shiftedDots(
                                        outputRow, inputPlane + (i + di - 1) * width, count: width)
                                    totals[di * 3] += Double(left); totals[di * 3 + 1] += Double(centre)
                                    totals[di * 3 + 2] += Double(right)
                                }
                            }
                        }
                    }
                    for tap in 0..<9 { sums[entry * 9 + tap] = totals[tap] }
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
