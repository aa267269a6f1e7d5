import Parallelism

/// Concatenates NCHW tensors along the channel axis (axis 1), in the order given.
///
/// - Parameter tensors: [N, C_i, H, W] each, with equal N, H, W.
/// - Returns: [N, ΣC_i, H, W].
public func concatChannels(_ tensors: [Tensor]) -> Tensor {
    precondition(!tensors.isEmpty, "concatChannels: no tensors")
    let first = tensors[0]
    for tensor in tensors {
        precondition(tensor.rank == 4 && tensor.shape[0] == first.shape[0] && tensor.shape[2...] == first.shape[2...],
                     "concatChannels: \(first.shape) vs \(tensor.shape)")
    }
    let batch = first.shape[0], plane = first.shape[2] * first.shape[3]
    let totalChannels = tensors.reduce(0) { $0 + $1.shape[1] }
    let output = TensorStorage(count: batch * totalChannels * plane)
    // each input's block of C_i·H·W values lands at channel offset Σ_{j<i} C_j of every image
    var offsets: [Int] = []
    var offset = 0
    for tensor in tensors { offsets.append(offset); offset += tensor.shape[1] }
    for n in 0..<batch {
        for (tensor, channelOffset) in zip(tensors, offsets) {
            let block = tensor.shape[1] * plane
            (output.pointer + (n * totalChannels + channelOffset) * plane)
                .update(from: tensor.storage.pointer + n * block, count: block)
        }
    }
    return .result(shape: [batch, totalChannels, first.shape[2], first.shape[3]], storage: output, inputs: tensors) { gradient in
        // d/dx_i concat = the slice of channels that x_i filled
        for (tensor, channelOffset) in zip(tensors, offsets) {
            guard let target = tensor.gradientTarget() else { continue }
            let block = tensor.shape[1] * plane
            for n in 0..<batch {
                let source = gradient + (n * totalChannels + channelOffset) * plane
                for index in 0..<block { target[n * block + index] += source[index] }
            }
        }
    }
}

/// Copies between the [N, C, H·r, W·r] layout and the [N, C·r·r, H, W] layout of PyTorch's
/// `pixel_unshuffle`: small channel `c·r·r + i·r + j` at (y, x) is large channel c at
/// (y·r + i, x·r + j). `toSmall` selects the direction; `accumulate` adds instead of copying.
private func shufflePixels(
    large: UnsafeMutablePointer<Float>, small: UnsafeMutablePointer<Float>,
    planes: Int, smallHeight: Int, smallWidth: Int, factor r: Int, toSmall: Bool, accumulate: Bool
) {
    let largeWidth = smallWidth * r, largePlane = smallHeight * smallWidth * r * r, smallPlane = smallHeight * smallWidth
    Parallel.forEachChunk(planes, minimumPerChunk: max(1, 8192 / max(1, largePlane))) { range in
        for plane in range {
            for i in 0..<r {
                for j in 0..<r {
                    let smallBase = small + (plane * r * r + i * r + j) * smallPlane
                    let largeBase = large + plane * largePlane + i * largeWidth + j
                    for y in 0..<smallHeight {
                        let smallRow = smallBase + y * smallWidth, largeRow = largeBase + y * r * largeWidth
                        if toSmall {
                            if accumulate { for x in 0..<smallWidth { smallRow[x] += largeRow[x * r] } }
                            else { for x in 0..<smallWidth { smallRow[x] = largeRow[x * r] } }
                        } else {
                            if accumulate { for x in 0..<smallWidth { largeRow[x * r] += smallRow[x] } }
                            else { for x in 0..<smallWidth { largeRow[x * r] = smallRow[x] } }
                        }
                    }
                }
            }
        }
    }
}

/// Bilinear 2x upsampling along one axis with PyTorch's `align_corners=False`: output 2i reads
/// 0.75·in[i] + 0.25·in[i−1], output 2i+1 reads 0.75·in[i] + 0.25·in[i+1], neighbours clamped to
/// the edge. The far neighbour of output `output` among `extent` inputs.
private func bilinearFarNeighbour(_ output: Int, extent: Int) -> Int {
    let i = output / 2
    return output % 2 == 0 ? max(i - 1, 0) : min(i + 1, extent - 1)
}

extension Tensor {
    /// Space-to-depth as PyTorch's `pixel_unshuffle`: [N, C, H, W] → [N, C·r·r, H/r, W/r], output
    /// channel `c·r·r + i·r + j` holding input channel c at row offset i, column offset j.
    public func pixelUnshuffle(_ r: Int) -> Tensor {
        precondition(rank == 4 && r > 0 && shape[2] % r == 0 && shape[3] % r == 0, "pixelUnshuffle: input \(shape) vs factor \(r)")
        let input = self
        let planes = shape[0] * shape[1], height = shape[2] / r, width = shape[3] / r
        let output = TensorStorage(count: count)
        shufflePixels(large: storage.pointer, small: output.pointer, planes: planes,
                      smallHeight: height, smallWidth: width, factor: r, toSmall: true, accumulate: false)
        return .result(shape: [shape[0], shape[1] * r * r, height, width], storage: output, inputs: [self]) { gradient in
            // the gradient of a permutation is the inverse permutation (pixel shuffle)
            guard let target = input.gradientTarget() else { return }
            shufflePixels(large: target, small: UnsafeMutablePointer(mutating: gradient), planes: planes,
                          smallHeight: height, smallWidth: width, factor: r, toSmall: false, accumulate: true)
        }
    }

    /// Depth-to-space as PyTorch's `pixel_shuffle`, the exact inverse of ``pixelUnshuffle(_:)``:
    /// [N, C·r·r, H, W] → [N, C, H·r, W·r].
    public func pixelShuffle(_ r: Int) -> Tensor {
        precondition(rank == 4 && r > 0 && shape[1] % (r * r) == 0, "pixelShuffle: input \(shape) vs factor \(r)")
        let input = self
        let planes = shape[0] * shape[1] / (r * r), height = shape[2], width = shape[3]
        let output = TensorStorage(count: count)
        shufflePixels(large: output.pointer, small: storage.pointer, planes: planes,
                      smallHeight: height, smallWidth: width, factor: r, toSmall: false, accumulate: false)
        return .result(shape: [shape[0], shape[1] / (r * r), height * r, width * r], storage: output, inputs: [self]) { gradient in
            // the gradient of a permutation is the inverse permutation (pixel unshuffle)
            guard let target = input.gradientTarget() else { return }
            shufflePixels(large: UnsafeMutablePointer(mutating: gradient), small: target, planes: planes,
                          smallHeight: height, smallWidth: width, factor: r, toSmall: true, accumulate: true)
        }
    }

    /// Nearest-neighbour 2x upsampling: [N, C, H, W] → [N, C, 2H, 2W], each value repeated in a
    /// 2x2 block.
    public func upsampleNearest2x() -> Tensor {
        precondition(rank == 4, "upsampleNearest2x: input \(shape) is not NCHW")
        let input = self
        let planes = shape[0] * shape[1], height = shape[2], width = shape[3]
        let output = TensorStorage(count: 4 * count)
        let source = storage.pointer, target = output.pointer
        Parallel.forEachChunk(planes, minimumPerChunk: max(1, 8192 / max(1, 4 * height * width))) { range in
            for plane in range {
                for y in 0..<(2 * height) {
                    let inputRow = source + (plane * height + y / 2) * width
                    let outputRow = target + (plane * 2 * height + y) * 2 * width
                    for x in 0..<(2 * width) { outputRow[x] = inputRow[x / 2] }
                }
            }
        }
        return .result(shape: [shape[0], shape[1], 2 * height, 2 * width], storage: output, inputs: [self]) { gradient in
            // dx[y, x] = Σ of dy over its 2x2 block
            guard let inputTarget = input.gradientTarget() else { return }
            Parallel.forEachChunk(planes, minimumPerChunk: max(1, 8192 / max(1, 4 * height * width))) { range in
                for plane in range {
                    for y in 0..<height {
                        let top = gradient + (plane * 2 * height + 2 * y) * 2 * width, bottom = top + 2 * width
                        let row = inputTarget + (plane * height + y) * width
                        for x in 0..<width { row[x] += (top[2 * x] + top[2 * x + 1]) + (bottom[2 * x] + bottom[2 * x + 1]) }
                    }
                }
            }
        }
    }

    /// Bilinear 2x upsampling with PyTorch's `interpolate(scale_factor=2, mode='bilinear',
    /// align_corners=False)` semantics: [N, C, H, W] → [N, C, 2H, 2W].
    public func upsampleBilinear2x() -> Tensor {
        precondition(rank == 4, "upsampleBilinear2x: input \(shape) is not NCHW")
        let input = self
        let planes = shape[0] * shape[1], height = shape[2], width = shape[3]
        let output = TensorStorage(count: 4 * count)
        let source = storage.pointer, target = output.pointer
        let chunk = max(1, 8192 / max(1, 4 * height * width))
        // Separable: each input row upsampled along x into `wide` [H, 2W], then each output row
        // blended from two wide rows: y[Y, X] = 0.75·h[near(Y), X] + 0.25·h[far(Y), X] with
        // h[i, X] = 0.75·x[i, near(X)] + 0.25·x[i, far(X)]
        Parallel.forEachChunk(planes, minimumPerChunk: chunk) { range in
            let wide = UnsafeMutablePointer<Float>.allocate(capacity: 2 * height * width)
            defer { wide.deallocate() }
            for plane in range {
                let inputPlane = source + plane * height * width
                for row in 0..<height {
                    let x = inputPlane + row * width, h = wide + row * 2 * width
                    for i in 0..<width {
                        let centre = 0.75 * x[i]
                        h[2 * i] = centre + 0.25 * x[max(i - 1, 0)]
                        h[2 * i + 1] = centre + 0.25 * x[min(i + 1, width - 1)]
                    }
                }
                for y in 0..<(2 * height) {
                    let near = wide + y / 2 * 2 * width, far = wide + bilinearFarNeighbour(y, extent: height) * 2 * width
                    let outputRow = target + (plane * 2 * height + y) * 2 * width
                    for column in 0..<(2 * width) { outputRow[column] = 0.75 * near[column] + 0.25 * far[column] }
                }
            }
        }
        return .result(shape: [shape[0], shape[1], 2 * height, 2 * width], storage: output, inputs: [self]) { gradient in
            // the transpose of the forward, in the reverse order: dh[i] += 0.75·dy[Y] for near(Y) = i
            // and 0.25·dy[Y] for far(Y) = i, then dx[i, near(X)] += 0.75·dh[i, X], dx[i, far(X)] += 0.25·dh[i, X]
            guard let inputTarget = input.gradientTarget() else { return }
            Parallel.forEachChunk(planes, minimumPerChunk: chunk) { range in
                let wide = UnsafeMutablePointer<Float>.allocate(capacity: 2 * height * width)
                defer { wide.deallocate() }
                for plane in range {
                    wide.update(repeating: 0, count: 2 * height * width)
                    for y in 0..<(2 * height) {
                        let near = wide + y / 2 * 2 * width, far = wide + bilinearFarNeighbour(y, extent: height) * 2 * width
                        let outputRow = gradient + (plane * 2 * height + y) * 2 * width
                        for column in 0..<(2 * width) {
                            near[column] += 0.75 * outputRow[column]
                            far[column] += 0.25 * outputRow[column]
                        }
                    }
                    let inputPlane = inputTarget + plane * height * width
                    for row in 0..<height {
                        let dx = inputPlane + row * width, dh = wide + row * 2 * width
                        for column in 0..<(2 * width) {
                            dx[column / 2] += 0.75 * dh[column]
                            dx[bilinearFarNeighbour(column, extent: width)] += 0.25 * dh[column]
                        }
                    }
                }
            }
        }
    }
}
