import Parallelism

// Bilinear sampling of images at arbitrary points (view synthesis by warping), with gradients to
// both the image and the sampling grid, and the mask of points that fall inside the image.

/// Samples `image` [B, C, H, W] bilinearly at `grid` [B, Ho, Wo, 2] → [B, C, Ho, Wo], like
/// PyTorch's `F.grid_sample(mode="bilinear", padding_mode="border", align_corners=True)`.
///
/// `grid[b, i, j]` holds (x, y) normalised to [−1, 1]: −1 is the centre of the first pixel,
/// +1 the centre of the last. Points outside are clamped to the border (and get no grid
/// gradient along a clamped coordinate). Gradients flow to both the image and the grid.
public func gridSample(_ image: Tensor, grid: Tensor) -> Tensor {
    precondition(image.rank == 4 && grid.rank == 4 && grid.shape[3] == 2 && grid.shape[0] == image.shape[0],
                 "gridSample: image \(image.shape) vs grid \(grid.shape) (want [B, C, H, W] and [B, Ho, Wo, 2])")
    let layout = GridSampleLayout(image: image.shape, grid: grid.shape)
    let (channels, outputHeight, outputWidth) = (layout.channels, layout.outputHeight, layout.outputWidth)
    let output = TensorStorage(count: layout.batch * channels * outputHeight * outputWidth)
    let pixels = image.storage.pointer, points = grid.storage.pointer, result = output.pointer
    // out[b, c, i, j] = wW·wN·I[y0, x0] + wE·wN·I[y0, x1] + wW·wS·I[y1, x0] + wE·wS·I[y1, x1]
    // with x = clamp((gx + 1)/2 · (W − 1), 0, W − 1), x0 = ⌊x⌋, wE = x − x0, wW = 1 − wE (y alike)
    Parallel.forEachChunk(layout.batch * outputHeight, minimumPerChunk: 4) { rows in
        let taps = UnsafeMutablePointer<BilinearTap>.allocate(capacity: outputWidth)
        defer { taps.deallocate() }
        for row in rows {
            let item = row / outputHeight, i = row - item * outputHeight
            layout.computeTaps(points + row * outputWidth * 2, into: taps)
            for channel in 0..<channels {
                let plane = pixels + (item * channels + channel) * layout.planeSize
                let out = result + ((item * channels + channel) * outputHeight + i) * outputWidth
                for j in 0..<outputWidth {
                    let tap = taps[j], corner = plane + tap.offset
                    out[j] = tap.weightNorthWest * corner[0] + tap.weightNorthEast * corner[tap.stepX]
                        + tap.weightSouthWest * corner[tap.stepY] + tap.weightSouthEast * corner[tap.stepY + tap.stepX]
                }
            }
        }
    }
    // d I[corner] += weight(corner) · d out
    // d x = Σ_c d out · ((I[y0,x1] − I[y0,x0])·wN + (I[y1,x1] − I[y1,x0])·wS),   d gx = d x · (W − 1)/2 (0 if clamped)
    // d y = Σ_c d out · ((I[y1,x0] − I[y0,x0])·wW + (I[y1,x1] − I[y0,x1])·wE),   d gy = d y · (H − 1)/2 (0 if clamped)
    return .result(shape: [layout.batch, channels, outputHeight, outputWidth], storage: output, inputs: [image, grid]) { gradient in
        let imageTarget = image.gradientTarget(), gridTarget = grid.gradientTarget()
        let pixels = image.storage.pointer, points = grid.storage.pointer
        func backwardRows(_ rows: Range<Int>) {
            let taps = UnsafeMutablePointer<BilinearTap>.allocate(capacity: outputWidth)
            let partials = UnsafeMutablePointer<Float>.allocate(capacity: 2 * outputWidth)
            defer { taps.deallocate(); partials.deallocate() }
            for row in rows {
                let item = row / outputHeight, i = row - item * outputHeight
                layout.computeTaps(points + row * outputWidth * 2, into: taps)
                partials.update(repeating: 0, count: 2 * outputWidth)
                for channel in 0..<channels {
                    let planeIndex = (item * channels + channel)
                    let plane = pixels + planeIndex * layout.planeSize
                    let upstream = gradient + (planeIndex * outputHeight + i) * outputWidth
                    if let imageTarget {
                        let planeTarget = imageTarget + planeIndex * layout.planeSize
                        for j in 0..<outputWidth {
                            let tap = taps[j], corner = planeTarget + tap.offset, g = upstream[j]
                            corner[0] += tap.weightNorthWest * g
                            corner[tap.stepX] += tap.weightNorthEast * g
                            corner[tap.stepY] += tap.weightSouthWest * g
                            corner[tap.stepY + tap.stepX] += tap.weightSouthEast * g
                        }
                    }
                    if gridTarget != nil {
                        for j in 0..<outputWidth {
                            let tap = taps[j], corner = plane + tap.offset, g = upstream[j]
                            let northWest = corner[0], northEast = corner[tap.stepX]
                            let southWest = corner[tap.stepY], southEast = corner[tap.stepY + tap.stepX]
                            partials[2 * j] += g * ((northEast - northWest) * tap.weightNorth + (southEast - southWest) * tap.weightSouth)
                            partials[2 * j + 1] += g * ((southWest - northWest) * tap.weightWest + (southEast - northEast) * tap.weightEast)
                        }
                    }
                }
                if let gridTarget {
                    let out = gridTarget + row * outputWidth * 2
                    for j in 0..<outputWidth {
                        out[2 * j] += partials[2 * j] * taps[j].scaleX
                        out[2 * j + 1] += partials[2 * j + 1] * taps[j].scaleY
                    }
                }
            }
        }
        if imageTarget != nil {
            // Different output rows of one item may touch the same pixels: split by item only.
            Parallel.forEachChunk(layout.batch, minimumPerChunk: 1) { items in
                backwardRows((items.lowerBound * outputHeight)..<(items.upperBound * outputHeight))
            }
        } else {
            Parallel.forEachChunk(layout.batch * outputHeight, minimumPerChunk: 4, backwardRows)
        }
    }
}

/// 1 where the grid point lies inside the image, `[−1, 1]²` bounds included, 0 outside:
/// `grid` [B, Ho, Wo, 2] → [B, 1, Ho, Wo]. A constant (no gradient); it excludes pixels whose
/// projection leaves the source image.
public func gridSampleValidMask(grid: Tensor) -> Tensor {
    precondition(grid.rank == 4 && grid.shape[3] == 2, "gridSampleValidMask: grid \(grid.shape) is not [B, Ho, Wo, 2]")
    let count = grid.shape[0] * grid.shape[1] * grid.shape[2]
    let output = TensorStorage(count: count)
    let points = grid.storage.pointer, result = output.pointer
    Parallel.forEachChunk(count) { range in
        for index in range {
            let x = points[2 * index], y = points[2 * index + 1]
            result[index] = (x >= -1 && x <= 1 && y >= -1 && y <= 1) ? 1 : 0
        }
    }
    return Tensor(shape: [grid.shape[0], 1, grid.shape[1], grid.shape[2]], storage: output)
}

/// Where one grid point reads the image: the flat offset of its north-west pixel, the steps to
/// its east and south neighbours (0 at the last column / row, where that weight is 0), the
/// bilinear weights, and d(pixel coordinate)/d(grid coordinate) (0 where clamped).
private struct BilinearTap {
    var offset = 0, stepX = 0, stepY = 0
    var weightWest: Float = 0, weightEast: Float = 0, weightNorth: Float = 0, weightSouth: Float = 0
    var scaleX: Float = 0, scaleY: Float = 0

    var weightNorthWest: Float { weightWest * weightNorth }
    var weightNorthEast: Float { weightEast * weightNorth }
    var weightSouthWest: Float { weightWest * weightSouth }
    var weightSouthEast: Float { weightEast * weightSouth }
}

/// The extents of one grid sampling and the per-row tap computation.
private struct GridSampleLayout {
    let batch: Int, channels: Int, height: Int, width: Int, outputHeight: Int, outputWidth: Int
    var planeSize: Int { height * width }

    init(image: [Int], grid: [Int]) {
        (batch, channels, height, width) = (image[0], image[1], image[2], image[3])
        (outputHeight, outputWidth) = (grid[1], grid[2])
    }

    /// Fills `taps[0..<outputWidth]` from one grid row of (x, y) pairs.
    @inline(__always)
    func computeTaps(_ points: UnsafePointer<Float>, into taps: UnsafeMutablePointer<BilinearTap>) {
        let halfWidth = Float(width - 1) / 2, halfHeight = Float(height - 1) / 2
        let lastX = Float(width - 1), lastY = Float(height - 1)
        for j in 0..<outputWidth {
            let rawX = (points[2 * j] + 1) * halfWidth, rawY = (points[2 * j + 1] + 1) * halfHeight
            // Written so that a NaN coordinate lands on 0 rather than trapping in Int(_:).
            let x = rawX > 0 ? (rawX < lastX ? rawX : lastX) : 0, y = rawY > 0 ? (rawY < lastY ? rawY : lastY) : 0
            let column = Int(x), row = Int(y)
            let east = x - Float(column), south = y - Float(row)
            taps[j] = BilinearTap(
                offset: row * width + column,
                stepX: column < width - 1 ? 1 : 0, stepY: row < height - 1 ? width : 0,
                weightWest: Float(column + 1) - x, weightEast: east,
                weightNorth: Float(row + 1) - y, weightSouth: south,
                scaleX: rawX > 0 && rawX < lastX ? halfWidth : 0,
                scaleY: rawY > 0 && rawY < lastY ? halfHeight : 0)
        }
    }
}
