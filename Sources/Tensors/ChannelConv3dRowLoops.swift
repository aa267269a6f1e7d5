import Parallelism

// The channel-axis Conv3d in plain row loops: for CPUs without AVX2, and the reference the
// vector kernels are tested against.

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

/// The forward pass in plain row loops, one (image, filter, channel) plane at a time.
func filterPlanesInRowLoops(_ source: UnsafePointer<Float>, taps: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                                    volume v: ChannelVolume, into output: UnsafeMutablePointer<Float>) {
    let zeroRow = TensorStorage(count: v.width)   // the rows above the first and below the last
    zeroRow.fill(0)
    Parallel.forEachChunk(v.batch * v.filters * v.channels, minimumPerChunk: max(1, 4096 / max(1, 27 * v.plane))) { planes in
        for index in planes {
            let c = index % v.channels, k = (index / v.channels) % v.filters, b = index / (v.channels * v.filters)
            let target = output + index * v.plane
            target.update(repeating: bias[k], count: v.plane)
            for dc in 0..<3 where v.contains(channel: c + dc - 1, row: 0) {
                let inputPlane = source + v.row(b, c + dc - 1, 0)
                func row(_ i: Int) -> UnsafePointer<Float> { i >= 0 && i < v.height ? inputPlane + i * v.width : UnsafePointer(zeroRow.pointer) }
                let (above, centre, below) = (rowTaps(taps, k, dc, 0), rowTaps(taps, k, dc, 1), rowTaps(taps, k, dc, 2))
                for i in 0..<v.height {
                    accumulateNineTaps(target + i * v.width, width: v.width, above: row(i - 1), above,
                                       centre: row(i), centre, below: row(i + 1), below)
                }
            }
        }
    }
}

/// The input gradient in plain row loops, one (image, channel) plane of dx at a time.
func transposedFilterPlanesInRowLoops(_ gradient: UnsafePointer<Float>, taps: UnsafePointer<Float>,
                                              volume v: ChannelVolume, into inputTarget: UnsafeMutablePointer<Float>) {
    let zeroRow = TensorStorage(count: v.width)   // the rows above the first and below the last
    zeroRow.fill(0)
    Parallel.forEachChunk(v.batch * v.channels, minimumPerChunk: max(1, 4096 / max(1, 27 * v.filters * v.plane))) { planes in
        for index in planes {
            let sourceChannel = index % v.channels, b = index / v.channels
            let target = inputTarget + index * v.plane
            for k in 0..<v.filters {
                for dc in 0..<3 where v.contains(channel: sourceChannel - dc + 1, row: 0) {
                    let outputPlane = gradient + ((b * v.filters + k) * v.channels + sourceChannel - dc + 1) * v.plane
                    func row(_ i: Int) -> UnsafePointer<Float> { i >= 0 && i < v.height ? outputPlane + i * v.width : UnsafePointer(zeroRow.pointer) }
                    // input row i' receives output row i' − di + 1 (di = 2, 1, 0 for the rows
                    // above, at and below), columns mirrored
                    let above = rowTaps(taps, k, dc, 2, mirrored: true), centre = rowTaps(taps, k, dc, 1, mirrored: true)
                    let below = rowTaps(taps, k, dc, 0, mirrored: true)
                    for i in 0..<v.height {
                        accumulateNineTaps(target + i * v.width, width: v.width, above: row(i - 1), above,
                                           centre: row(i), centre, below: row(i + 1), below)
                    }
                }
            }
        }
    }
}

/// The weight gradient in plain row loops as Double sums [d, 27]: one pass over the planes per
/// (k, dc) gives its nine (di, dj) taps together.
func tapGradientsInRowLoops(_ gradient: UnsafePointer<Float>, _ source: UnsafePointer<Float>,
                                    volume v: ChannelVolume) -> [Double] {
    var sums = [Double](repeating: 0, count: v.filters * 27)
    sums.withUnsafeMutableBufferPointer { sums in
        Parallel.concurrentPerform(v.filters * 3) { entry in
            let k = entry / 3, dc = entry % 3
            var totals = [Double](repeating: 0, count: 9)   // [di, dj]
            for b in 0..<v.batch {
                for c in 0..<v.channels where v.contains(channel: c + dc - 1, row: 0) {
                    let outputPlane = gradient + ((b * v.filters + k) * v.channels + c) * v.plane
                    let inputPlane = source + v.row(b, c + dc - 1, 0)
                    for i in 0..<v.height {
                        let outputRow = outputPlane + i * v.width
                        for di in 0..<3 where i + di - 1 >= 0 && i + di - 1 < v.height {
                            let (left, centre, right) = RowKernels.shiftedDots(
                                outputRow, inputPlane + (i + di - 1) * v.width, count: v.width)
                            totals[di * 3] += Double(left); totals[di * 3 + 1] += Double(centre)
                            totals[di * 3 + 2] += Double(right)
                        }
                    }
                }
            }
            for tap in 0..<9 { sums[entry * 9 + tap] = totals[tap] }
        }
    }
    return Array(sums)
}
