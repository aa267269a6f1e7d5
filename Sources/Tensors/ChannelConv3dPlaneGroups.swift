import Parallelism
import VectorKernels

/// Groups of consecutive planes of one image, copied into thread-local scratch laid out for
/// `ChannelVolumeFilter`: each plane zero-padded to (h + 2) × (w + 2), with the planes before and
/// after the group (zero outside the volume) and slack on both ends. Groups hold about 8,192
/// positions (whole planes), so that a group's planes stay in cache while all 27 taps read them.
struct PaddedPlaneGroups {
    let volume: ChannelVolume
    /// Padded row width, padded plane size, and the zeros before and after a group's planes.
    let paddedWidth: Int, planeStride: Int, front: Int, back: Int
    let planesPerGroup: Int
    /// The 27 tap offsets (dc, di, dj) in the flat layout, row-major as the weights [d, 1, 3, 3, 3].
    let tapOffsets: [Int]
    /// Floats of one padded group, and of one group's computed positions rounded to whole blocks.
    let groupStride: Int, outputStride: Int

    init(volume v: ChannelVolume, kernels: ConvolutionKernels) {
        volume = v
        paddedWidth = v.width + 2
        planeStride = (v.height + 2) * paddedWidth
        front = kernels.lanes
        back = kernels.channelVolumeBlock + kernels.lanes
        planesPerGroup = max(1, min(v.channels, 8192 / planeStride))
        tapOffsets = (0..<27).map { [planeStride, paddedWidth] tap in
            (tap / 9 - 1) * planeStride + (tap / 3 % 3 - 1) * paddedWidth + tap % 3 - 1
        }
        groupStride = front + (planesPerGroup + 2) * planeStride + back
        let block = kernels.channelVolumeBlock
        outputStride = (planesPerGroup * planeStride + block - 1) / block * block
    }

    /// The groups: (image, first channel, channel count), image by image.
    var groups: [(image: Int, channel: Int, count: Int)] {
        (0..<volume.batch).flatMap { image in
            stride(from: 0, to: volume.channels, by: planesPerGroup).map {
                (image, $0, min(planesPerGroup, volume.channels - $0))
            }
        }
    }

    /// The first computed position of a padded group (row 0, column −1 of its first plane) and
    /// the positions to compute (through row h − 1 of its last plane) for `planes` planes.
    func positions(planes: Int) -> (start: Int, count: Int) {
        (front + planeStride + paddedWidth, planes * planeStride - 2 * paddedWidth)
    }

    /// Pads planes `channel − 1 ... channel + count` of volume `image` of `values` ([images, C, h,
    /// w]) into `target` (`groupStride` floats), zero outside the volume.
    func pad(_ values: UnsafePointer<Float>, image: Int, channel: Int, count: Int, into target: UnsafeMutablePointer<Float>) {
        let v = volume
        target.update(repeating: 0, count: front)
        for slot in 0..<(count + 2) {
            let plane = target + front + slot * planeStride, c = channel + slot - 1
            guard c >= 0 && c < v.channels else { plane.update(repeating: 0, count: planeStride); continue }
            plane.update(repeating: 0, count: paddedWidth)                                        // row −1
            for row in 0..<v.height {
                let padded = plane + (row + 1) * paddedWidth
                padded[0] = 0
                (padded + 1).update(from: values + v.row(image, c, row), count: v.width)
                padded[v.width + 1] = 0
            }
            (plane + (v.height + 1) * paddedWidth).update(repeating: 0, count: paddedWidth)       // row h
        }
        (target + front + (count + 2) * planeStride).update(repeating: 0, count: groupStride - front - (count + 2) * planeStride)
    }

    /// Runs `body` on every group with `scratchFloats` floats of scratch, the groups split across cores.
    func forEachGroup(scratchFloats: Int,
                      _ body: (_ index: Int, _ group: (image: Int, channel: Int, count: Int), UnsafeMutablePointer<Float>) -> Void) {
        let groups = self.groups
        Parallel.forEachChunk(groups.count, minimumPerChunk: 1) { chunk in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: scratchFloats) { scratch in
                for index in chunk { body(index, groups[index], scratch.baseAddress!) }
            }
        }
    }

    /// Writes the interior of `planes` computed planes from `scratch` (positions of
    /// ``positions(planes:)``) into `target` [planes, h, w]: plus `bias`, or added to the values
    /// there when `bias` is nil.
    func extract(_ scratch: UnsafePointer<Float>, planes: Int, into target: UnsafeMutablePointer<Float>, bias: Float?) {
        let v = volume
        for plane in 0..<planes {
            for row in 0..<v.height {
                let source = scratch + plane * planeStride + row * paddedWidth + 1
                let destination = target + (plane * v.height + row) * v.width
                if let bias {
                    for column in 0..<v.width { destination[column] = source[column] + bias }
                } else {
                    for column in 0..<v.width { destination[column] += source[column] }
                }
            }
        }
    }

    /// The forward pass: y [B, d, C, h, w] from the input `source` [B, C, h, w], filters two at
    /// a time, `bias` added.
    func filter(_ source: UnsafePointer<Float>, taps: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                kernels: ConvolutionKernels, into output: UnsafeMutablePointer<Float>) {
        let v = volume
        tapOffsets.withUnsafeBufferPointer { offsets in
            forEachGroup(scratchFloats: groupStride + 2 * outputStride) { _, group, scratch in
                let padded = scratch, outputs = scratch + groupStride
                pad(source, image: group.image, channel: group.channel, count: group.count, into: padded)
                let (start, count) = positions(planes: group.count)
                for k in stride(from: 0, to: v.filters, by: 2) {
                    let pair = k + 1 < v.filters
                    kernels.filterChannelVolume(padded + start, 1, 0, offsets, taps + k * 27, 27, outputs,
                                                pair ? outputs + outputStride : nil, count)
                    for f in 0..<(pair ? 2 : 1) {
                        extract(outputs + f * outputStride, planes: group.count,
                                into: output + v.row(group.image * v.filters + k + f, group.channel, 0), bias: bias[k + f])
                    }
                }
            }
        }
    }

    /// Both gradients from the output gradient `gradient` [B, d, C, h, w] and the input `source`:
    /// dx added to `inputGradient` (when given; the correlation with every filter turned by 180°
    /// in all three axes), and the weight gradient [d, 27] returned as Double sums when
    /// `tapGradients` (each group's share, summed in group order; empty otherwise).
    func backward(_ gradient: UnsafePointer<Float>, _ source: UnsafePointer<Float>, taps: UnsafePointer<Float>,
                  kernels: ConvolutionKernels, inputGradient: UnsafeMutablePointer<Float>?, tapGradients: Bool) -> [Double] {
        let v = volume, entries = v.filters * 27, groupCount = groups.count
        let turnedOffsets = tapOffsets.map { -$0 }
        var shares = [Double](repeating: 0, count: tapGradients ? groupCount * entries : 0)   // [groups, d, 27]
        shares.withUnsafeMutableBufferPointer { shares in
            tapOffsets.withUnsafeBufferPointer { offsets in
                turnedOffsets.withUnsafeBufferPointer { turnedOffsets in
                    // scratch: d padded output-gradient groups, the padded input group, dx's positions
                    forEachGroup(scratchFloats: (v.filters + 1) * groupStride + outputStride) { index, group, scratch in
                        let paddedInput = scratch + v.filters * groupStride, inputOutputs = paddedInput + groupStride
                        for k in 0..<v.filters {   // dy viewed as [B·d, C, h, w]
                            pad(gradient, image: group.image * v.filters + k, channel: group.channel, count: group.count,
                                into: scratch + k * groupStride)
                        }
                        let (start, count) = positions(planes: group.count)
                        if let inputGradient {
                            kernels.filterChannelVolume(scratch + start, v.filters, groupStride, turnedOffsets, taps, 0,
                                                        inputOutputs, nil, count)
                            extract(inputOutputs, planes: group.count,
                                    into: inputGradient + v.row(group.image, group.channel, 0), bias: nil)
                        }
                        guard tapGradients else { return }
                        pad(source, image: group.image, channel: group.channel, count: group.count, into: paddedInput)
                        for k in stride(from: 0, to: v.filters, by: 2) {
                            let first = scratch + k * groupStride + start
                            kernels.accumulateChannelVolumeTapGradients(
                                first, k + 1 < v.filters ? first + groupStride : nil, paddedInput + start, offsets, count,
                                shares.baseAddress! + index * entries + k * 27)
                        }
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: entries)
        for group in 0..<(tapGradients ? groupCount : 0) {
            for entry in 0..<entries { sums[entry] += shares[group * entries + entry] }
        }
        return sums
    }
}
