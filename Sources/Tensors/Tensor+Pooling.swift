import Parallelism

// 3x3 mean filter with reflection padding: the local-statistics building block of SSIM.

extension Tensor {
    /// The 3x3 mean of each pixel's neighbourhood on an NCHW tensor, the border reflected
    /// (PyTorch `ReflectionPad2d(1)` then `AvgPool2d(3, stride 1)`): `[N, C, H, W]` →
    /// `[N, C, H, W]`. H and W must be at least 2.
    public func averagePool3x3Reflect() -> Tensor {
        precondition(rank == 4 && shape[2] >= 2 && shape[3] >= 2,
                     "averagePool3x3Reflect: needs [N, C, H, W] with H, W ≥ 2, got \(shape)")
        let (height, width) = (shape[2], shape[3])
        let planeSize = height * width, planes = shape[0] * shape[1]
        let output = TensorStorage(count: count)
        let source = storage.pointer, result = output.pointer
        let ninth: Float = 1.0 / 9.0
        // [N·C·H rows] each: out[y, x] = (Σ_{dy,dx ∈ {-1,0,1}} in[reflect(y+dy), reflect(x+dx)]) / 9
        Parallel.forEachChunk(planes * height, minimumPerChunk: 16) { rows in
            for row in rows {
                let plane = row / height, y = row - plane * height
                let base = source + plane * planeSize
                let above = base + reflect(y - 1, height) * width
                let middle = base + y * width
                let below = base + reflect(y + 1, height) * width
                let out = result + row * width
                // Column sums of the three rows, read with reflected neighbours at the two ends.
                @inline(__always) func column(_ x: Int) -> Float { above[x] + middle[x] + below[x] }
                out[0] = (column(1) + column(0) + column(1)) * ninth
                var left = column(0), centre = column(1)
                for x in 1..<(width - 1) {
                    let right = column(x + 1)
                    out[x] = (left + centre + right) * ninth
                    left = centre
                    centre = right
                }
                out[width - 1] = (left + centre + left) * ninth
            }
        }
        let input = self
        // The filter is separable, out = V(H(in)) / 9, so d in = Hᵀ(Vᵀ(d out)) / 9, where the
        // adjoint of the reflected 3-tap sum along one axis is
        //   Aᵀg[s] = g[s−1] + g[s] + g[s+1] (those inside) + g[0] (s = 1) + g[n−1] (s = n−2),
        // the extra terms because the windows of 0 and n−1 hold their inner neighbour twice.
        return .result(shape: shape, storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            Parallel.forEachChunk(planes * height, minimumPerChunk: 16) { rows in
                let vertical = UnsafeMutablePointer<Float>.allocate(capacity: width)
                defer { vertical.deallocate() }
                for row in rows {
                    let plane = row / height, r = row - plane * height
                    let upstream = gradient + plane * planeSize
                    // vertical[x] = (Vᵀ g)[r, x]
                    vertical.update(from: upstream + r * width, count: width)
                    @inline(__always) func add(_ sourceRow: Int) {
                        let line = upstream + sourceRow * width
                        for x in 0..<width { vertical[x] += line[x] }
                    }
                    if r > 0 { add(r - 1) }
                    if r < height - 1 { add(r + 1) }
                    if r == 1 { add(0) }
                    if r == height - 2 { add(height - 1) }
                    // target[r, s] += (Hᵀ vertical)[s] / 9
                    let line = target + row * width
                    line[0] += (vertical[0] + vertical[1] + (width == 2 ? vertical[1] : 0)) * ninth
                    for x in 1..<(width - 1) {
                        var total = vertical[x - 1] + vertical[x] + vertical[x + 1]
                        if x == 1 { total += vertical[0] }
                        if x == width - 2 { total += vertical[width - 1] }
                        line[x] += total * ninth
                    }
                    line[width - 1] += (vertical[width - 2] + vertical[width - 1] + (width == 2 ? vertical[0] : 0)) * ninth
                }
            }
        }
    }
}

/// Reflects an index one step outside `0..<extent` back inside (−1 → 1, extent → extent − 2).
@inline(__always)
private func reflect(_ index: Int, _ extent: Int) -> Int {
    index < 0 ? -index : (index >= extent ? 2 * extent - 2 - index : index)
}
