import Parallelism

/// Sums of `values` (a `width` x `height` plane, row-major) over the (2·`radius` + 1)² window
/// around every pixel, clipped at the borders: a horizontal then a vertical pass of running
/// sums (kept in Double), O(1) per pixel whatever the radius.
public func boxSum(_ values: [Float], width: Int, height: Int, radius: Int) -> [Float] {
    precondition(values.count == width * height, "boxSum: \(values.count) values for \(width)x\(height)")
    var rowSums = [Float](repeating: 0, count: values.count)
    values.withUnsafeBufferPointer { input in
        rowSums.withUnsafeMutableBufferPointer { output in
            Parallel.forEachChunk(height, minimumPerChunk: 16) { rows in
                for y in rows {
                    let row = y * width
                    var sum = 0.0
                    for x in 0..<min(radius, width) { sum += Double(input[row + x]) }
                    for x in 0..<width {
                        if x + radius < width { sum += Double(input[row + x + radius]) }
                        if x - radius - 1 >= 0 { sum -= Double(input[row + x - radius - 1]) }
                        output[row + x] = Float(sum)
                    }
                }
            }
        }
    }
    var sums = [Float](repeating: 0, count: values.count)
    rowSums.withUnsafeBufferPointer { input in
        sums.withUnsafeMutableBufferPointer { output in
            Parallel.forEachChunk(width, minimumPerChunk: 16) { columns in
                var running = [Double](repeating: 0, count: columns.count)
                for y in 0..<min(radius, height) {
                    for (slot, x) in columns.enumerated() { running[slot] += Double(input[y * width + x]) }
                }
                for y in 0..<height {
                    let entering = y + radius, leaving = y - radius - 1
                    for (slot, x) in columns.enumerated() {
                        if entering < height { running[slot] += Double(input[entering * width + x]) }
                        if leaving >= 0 { running[slot] -= Double(input[leaving * width + x]) }
                        output[y * width + x] = Float(running[slot])
                    }
                }
            }
        }
    }
    return sums
}
