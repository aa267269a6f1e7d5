import Parallelism

/// How ``Image/resized(width:height:method:)`` computes each output pixel.
public enum ResizeMethod: Sendable {
    /// Bilinear interpolation with pixel centres aligned (PyTorch's `align_corners=False`):
    /// output pixel `o` samples input coordinate `(o + 0.5) · in/out − 0.5`, clamped to the image.
    case bilinear
    /// Box average: each output pixel is the mean of the input area it covers, partly covered
    /// input pixels weighted by the covered fraction (OpenCV's `INTER_AREA` when downscaling).
    case area
}

/// The input samples, with weights summing to 1, that make up each output sample along one axis.
struct ResampleWeights {
    /// For output index `o`: `first[o]` is its first input index and `weights[o]` the weights of
    /// consecutive inputs from there.
    var first: [Int] = [], weights: [[Float]] = []

    init(input: Int, output: Int, method: ResizeMethod) {
        let ratio = Double(input) / Double(output)
        for o in 0..<output {
            switch method {
            case .bilinear:
                let source = max((Double(o) + 0.5) * ratio - 0.5, 0)
                let lower = min(Int(source), input - 1)
                let fraction = Float(source - Double(lower))
                if lower + 1 < input && fraction > 0 {
                    first.append(lower); weights.append([1 - fraction, fraction])
                } else {
                    first.append(lower); weights.append([1])
                }
            case .area:
                let start = Double(o) * ratio, end = Double(o + 1) * ratio
                let lower = Int(start), upper = min(Int(end.rounded(.up)), input)
                first.append(lower)
                weights.append((lower..<upper).map { i in
                    Float((min(end, Double(i + 1)) - max(start, Double(i))) / ratio)
                })
            }
        }
    }
}

extension Image {
    /// This image resampled to `width` × `height` (see ``ResizeMethod``). Both axes are
    /// resampled separately, horizontal first; every output sample is computed in a fixed order,
    /// so results do not depend on the number of threads.
    public func resized(width newWidth: Int, height newHeight: Int, method: ResizeMethod = .bilinear) -> Image {
        precondition(newWidth > 0 && newHeight > 0 && width > 0 && height > 0,
                     "Image.resized: \(width)x\(height) to \(newWidth)x\(newHeight)")
        if newWidth == width && newHeight == height { return self }
        let columns = ResampleWeights(input: width, output: newWidth, method: method)
        let rows = ResampleWeights(input: height, output: newHeight, method: method)
        let channels = self.channels, oldWidth = width
        // [height, newWidth, channels]
        var horizontal = [Float](repeating: 0, count: height * newWidth * channels)
        pixels.withUnsafeBufferPointer { source in
            horizontal.withUnsafeMutableBufferPointer { target in
                Parallel.forEachChunk(height, minimumPerChunk: max(1, 16_384 / max(1, newWidth * channels))) { range in
                    for y in range {
                        for x in 0..<newWidth {
                            let first = columns.first[x], weights = columns.weights[x]
                            for c in 0..<channels {
                                var sum: Float = 0
                                for (k, w) in weights.enumerated() { sum += w * source[(y * oldWidth + first + k) * channels + c] }
                                target[(y * newWidth + x) * channels + c] = sum
                            }
                        }
                    }
                }
            }
        }
        // [newHeight, newWidth, channels]
        var result = [Float](repeating: 0, count: newHeight * newWidth * channels)
        let rowLength = newWidth * channels
        horizontal.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                Parallel.forEachChunk(newHeight, minimumPerChunk: max(1, 16_384 / max(1, rowLength))) { range in
                    for y in range {
                        let first = rows.first[y], weights = rows.weights[y]
                        for i in 0..<rowLength {
                            var sum: Float = 0
                            for (k, w) in weights.enumerated() { sum += w * source[(first + k) * rowLength + i] }
                            target[y * rowLength + i] = sum
                        }
                    }
                }
            }
        }
        return Image(width: newWidth, height: newHeight, channels: channels, pixels: result)
    }
}

extension DepthMap {
    /// This depth map resampled to `width` × `height` by nearest neighbour on pixel centres:
    /// output pixel `o` takes input pixel `⌊(o + 0.5) · in/out⌋`. Depths are never blended, so
    /// invalid (0) pixels stay invalid and no depth appears between a foreground and a background
    /// surface (blending across depth edges creates "flying" points in between).
    public func resized(width newWidth: Int, height newHeight: Int) -> DepthMap {
        precondition(newWidth > 0 && newHeight > 0 && width > 0 && height > 0,
                     "DepthMap.resized: \(width)x\(height) to \(newWidth)x\(newHeight)")
        func nearest(_ o: Int, input: Int, output: Int) -> Int {
            min(Int((Double(o) + 0.5) * Double(input) / Double(output)), input - 1)
        }
        let columns = (0..<newWidth).map { nearest($0, input: width, output: newWidth) }
        var result = [Float](repeating: 0, count: newWidth * newHeight)
        for y in 0..<newHeight {
            let sourceRow = nearest(y, input: height, output: newHeight) * width
            for x in 0..<newWidth { result[y * newWidth + x] = depths[sourceRow + columns[x]] }
        }
        return DepthMap(width: newWidth, height: newHeight, depths: result)
    }
}
