import Parallelism

/// The reference frame's side of ``PlaneSweepStereo``'s matching: per pixel, the mean and
/// spread of its brightness over the (2·radius + 1)² window around it (clipped at the borders),
/// and the ZNCC of those windows against a warped source image.
struct ReferenceWindows {
    let width: Int, height: Int, radius: Int
    private let gray: [Float]
    private let mean: [Float]
    /// 1 / standard deviation of the window (the variance floored at `varianceFloor`).
    private let inverseDeviation: [Float]
    /// 1 / the number of pixels of each (clipped) window.
    private let inverseCount: [Float]

    /// Variances below this count as this (flat windows correlate weakly with anything).
    static let varianceFloor: Float = 1e-6

    init(gray: [Float], width: Int, height: Int, radius: Int) {
        self.gray = gray; self.width = width; self.height = height; self.radius = radius
        var inverseCount = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            let rows = min(y + radius, height - 1) - max(y - radius, 0) + 1
            for x in 0..<width {
                let columns = min(x + radius, width - 1) - max(x - radius, 0) + 1
                inverseCount[y * width + x] = 1 / Float(rows * columns)
            }
        }
        var mean = [Float](repeating: 0, count: width * height), inverseDeviation = mean
        var scratch = [Float](repeating: 0, count: 6 * width)
        gray.withUnsafeBufferPointer { gray in
            scratch.withUnsafeMutableBufferPointer { scratch in
                var window = WindowSums(values: gray.baseAddress!, other: gray.baseAddress!, width: width, height: height,
                                        radius: radius, scratch: scratch.baseAddress!)
                for y in 0..<height {
                    window.move(to: y)
                    for x in 0..<width {
                        let index = y * width + x
                        mean[index] = window.sums[x] * inverseCount[index]
                        let variance = window.sums[width + x] * inverseCount[index] - mean[index] * mean[index]
                        inverseDeviation[index] = 1 / max(variance, Self.varianceFloor).squareRoot()
                    }
                }
            }
        }
        self.mean = mean; self.inverseDeviation = inverseDeviation; self.inverseCount = inverseCount
    }

    /// The standard deviation of brightness over the window around pixel `index` (floored).
    func deviation(at index: Int) -> Float { 1 / inverseDeviation[index] }

    /// Writes `1 − ZNCC` of each pixel's window against `warped` to `costs` where `inside` is
    /// positive (the pixel itself landed inside the source), infinity elsewhere.
    func costs(warped: [Float], inside: [Float], into costs: UnsafeMutableBufferPointer<Float>) {
        let width = width, height = height, radius = radius
        warped.withUnsafeBufferPointer { warped in
        gray.withUnsafeBufferPointer { gray in
        mean.withUnsafeBufferPointer { mean in
        inverseDeviation.withUnsafeBufferPointer { inverseDeviation in
        inverseCount.withUnsafeBufferPointer { inverseCount in
        inside.withUnsafeBufferPointer { inside in
            Parallel.forEachChunk(height, minimumPerChunk: 16) { rows in
                var scratch = [Float](repeating: 0, count: 6 * width)
                scratch.withUnsafeMutableBufferPointer { scratch in
                    var window = WindowSums(values: warped.baseAddress!, other: gray.baseAddress!, width: width, height: height,
                                            radius: radius, scratch: scratch.baseAddress!)
                    let floor = SIMD8<Float>(repeating: Self.varianceFloor), unseen = SIMD8<Float>(repeating: .infinity)
                    for y in rows {
                        window.move(to: y)
                        let sums = window.sums, row = y * width
                        var x = 0
                        while x + 8 <= width {
                            let index = row + x, scale = load(inverseCount.baseAddress!, index)
                            let warpedMean = load(sums, x) * scale
                            let variance = load(sums, width + x) * scale - warpedMean * warpedMean
                            let covariance = load(sums, 2 * width + x) * scale - load(mean.baseAddress!, index) * warpedMean
                            let correlation = covariance * load(inverseDeviation.baseAddress!, index) / pointwiseMax(variance, floor).squareRoot()
                            var cost = unseen
                            cost.replace(with: 1 - correlation, where: load(inside.baseAddress!, index) .> 0)
                            store(cost, costs.baseAddress!, index)
                            x += 8
                        }
                        while x < width {
                            let index = row + x, scale = inverseCount[index]
                            let warpedMean = sums[x] * scale
                            let variance = sums[width + x] * scale - warpedMean * warpedMean
                            let covariance = sums[2 * width + x] * scale - mean[index] * warpedMean
                            let correlation = covariance * inverseDeviation[index] / max(variance, Self.varianceFloor).squareRoot()
                            costs[index] = inside[index] > 0 ? 1 - correlation : .infinity
                            x += 1
                        }
                    }
                }
            }
        }}}}}}
    }
}
