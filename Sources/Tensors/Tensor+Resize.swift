import Parallelism

// Bilinear resizing of NCHW maps with PyTorch's `align_corners=False` sampling.

extension Tensor {
    /// Resizes the two spatial axes of an NCHW tensor bilinearly, sampling like PyTorch's
    /// `F.interpolate(mode="bilinear", align_corners=False)`: `[N, C, H, W]` →
    /// `[N, C, height, width]`.
    public func resizedBilinear(height: Int, width: Int) -> Tensor {
        precondition(rank == 4 && shape[2] > 0 && shape[3] > 0 && height > 0 && width > 0,
                     "resizedBilinear: needs [N, C, H, W] and a positive size, got \(shape) → \(height)x\(width)")
        let (inputHeight, inputWidth) = (shape[2], shape[3])
        let planes = shape[0] * shape[1]
        let rowTaps = LinearTaps(inputExtent: inputHeight, outputExtent: height)
        let columnTaps = LinearTaps(inputExtent: inputWidth, outputExtent: width)
        let output = TensorStorage(count: planes * height * width)
        let source = storage.pointer, result = output.pointer
        // out[y, x] = (1−λy)·((1−λx)·in[y0, x0] + λx·in[y0, x1]) + λy·((1−λx)·in[y1, x0] + λx·in[y1, x1])
        Parallel.forEachChunk(planes * height, minimumPerChunk: 16) { rows in
            rowTaps.withPointers { rowFirst, rowSecond, rowWeight in
                columnTaps.withPointers { columnFirst, columnSecond, columnWeight in
                    for row in rows {
                        let plane = row / height, y = row - plane * height
                        let base = source + plane * inputHeight * inputWidth
                        let top = base + rowFirst[y] * inputWidth, bottom = base + rowSecond[y] * inputWidth
                        let lambdaY = rowWeight[y], keepY = 1 - lambdaY
                        let out = result + row * width
                        for x in 0..<width {
                            let (first, second) = (columnFirst[x], columnSecond[x])
                            let lambdaX = columnWeight[x], keepX = 1 - lambdaX
                            out[x] = keepY * (keepX * top[first] + lambdaX * top[second])
                                + lambdaY * (keepX * bottom[first] + lambdaX * bottom[second])
                        }
                    }
                }
            }
        }
        let input = self
        // d in[y0, x0] += (1−λy)(1−λx)·d out[y, x], and likewise for the other three taps
        return .result(shape: [shape[0], shape[1], height, width], storage: output, inputs: [self]) { gradient in
            guard let target = input.gradientTarget() else { return }
            Parallel.forEachChunk(planes, minimumPerChunk: 1) { planeRange in
                rowTaps.withPointers { rowFirst, rowSecond, rowWeight in
                    columnTaps.withPointers { columnFirst, columnSecond, columnWeight in
                        for plane in planeRange {
                            let base = target + plane * inputHeight * inputWidth
                            for y in 0..<height {
                                let top = base + rowFirst[y] * inputWidth, bottom = base + rowSecond[y] * inputWidth
                                let lambdaY = rowWeight[y], keepY = 1 - lambdaY
                                let upstream = gradient + (plane * height + y) * width
                                for x in 0..<width {
                                    let (first, second) = (columnFirst[x], columnSecond[x])
                                    let lambdaX = columnWeight[x], keepX = 1 - lambdaX
                                    let g = upstream[x]
                                    top[first] += keepY * keepX * g
                                    top[second] += keepY * lambdaX * g
                                    bottom[first] += lambdaY * keepX * g
                                    bottom[second] += lambdaY * lambdaX * g
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The two source indices and the weight of the second, for each output index of a 1-D linear
/// resampling with PyTorch's `align_corners=False` rule: source = max(0, (i + ½)·in/out − ½).
private struct LinearTaps {
    var first: [Int], second: [Int], weight: [Float]

    init(inputExtent: Int, outputExtent: Int) {
        let scale = Float(inputExtent) / Float(outputExtent)
        (first, second, weight) = ([], [], [])
        for index in 0..<outputExtent {
            let position = Swift.max(scale * (Float(index) + 0.5) - 0.5, 0)
            let lower = Swift.min(Int(position), inputExtent - 1)
            first.append(lower)
            second.append(lower + (lower < inputExtent - 1 ? 1 : 0))
            weight.append(Swift.min(Swift.max(position - Float(lower), 0), 1))
        }
    }

    /// Calls `body` with pointers to the three arrays.
    func withPointers(_ body: (UnsafePointer<Int>, UnsafePointer<Int>, UnsafePointer<Float>) -> Void) {
        first.withUnsafeBufferPointer { first in
            second.withUnsafeBufferPointer { second in
                weight.withUnsafeBufferPointer { weight in body(first.baseAddress!, second.baseAddress!, weight.baseAddress!) }
            }
        }
    }
}
