/// Errors of a depth map against ground truth, overall and near depth edges, where refinement
/// matters most.
///
/// Only pixels valid (> 0) in both maps count. A ground-truth depth edge lies between
/// 4-neighbours whose depths differ by more than `edgeThreshold` relative to the nearer one;
/// the edge band is every pixel within `edgeBand` pixels (Chebyshev distance) of such a pair.
public struct DepthErrorMetrics: Equatable, Sendable {
    /// Mean |predicted − true| / true over all counted pixels.
    public var absoluteRelative: Double
    /// Root mean square of predicted − true, metres.
    public var rootMeanSquare: Double
    /// Mean |predicted − true| / true over the edge band.
    public var edgeAbsoluteRelative: Double
    /// Root mean square of predicted − true over the edge band, metres.
    public var edgeRootMeanSquare: Double
    /// Number of pixels counted, overall and in the edge band.
    public var pixelCount: Int, edgePixelCount: Int

    /// Compares `predicted` with `groundTruth` (same size).
    public init(predicted: DepthMap, groundTruth: DepthMap, edgeBand: Int = 2, edgeThreshold: Float = 0.05) {
        precondition(predicted.width == groundTruth.width && predicted.height == groundTruth.height,
                     "DepthErrorMetrics: predicted \(predicted.width)x\(predicted.height) vs ground truth \(groundTruth.width)x\(groundTruth.height)")
        let band = Self.edgeBand(groundTruth, band: edgeBand, threshold: edgeThreshold)
        var (absoluteSum, squareSum, edgeAbsoluteSum, edgeSquareSum) = (0.0, 0.0, 0.0, 0.0)
        var (pixels, edgePixels) = (0, 0)
        for index in 0..<predicted.depths.count {
            let truth = Double(groundTruth.depths[index]), estimate = Double(predicted.depths[index])
            guard truth > 0, estimate > 0 else { continue }
            let difference = estimate - truth
            absoluteSum += abs(difference) / truth
            squareSum += difference * difference
            pixels += 1
            if band[index] {
                edgeAbsoluteSum += abs(difference) / truth
                edgeSquareSum += difference * difference
                edgePixels += 1
            }
        }
        absoluteRelative = absoluteSum / Double(max(pixels, 1))
        rootMeanSquare = (squareSum / Double(max(pixels, 1))).squareRoot()
        edgeAbsoluteRelative = edgeAbsoluteSum / Double(max(edgePixels, 1))
        edgeRootMeanSquare = (edgeSquareSum / Double(max(edgePixels, 1))).squareRoot()
        pixelCount = pixels
        edgePixelCount = edgePixels
    }

    /// Pixels within `band` of a ground-truth depth edge.
    static func edgeBand(_ depth: DepthMap, band: Int, threshold: Float) -> [Bool] {
        let (width, height) = (depth.width, depth.height)
        var edge = [Bool](repeating: false, count: width * height)
        func isEdge(_ a: Float, _ b: Float) -> Bool { a > 0 && b > 0 && abs(a - b) > threshold * min(a, b) }
        for y in 0..<height {
            for x in 0..<width {
                let here = depth[x, y]
                if x + 1 < width, isEdge(here, depth[x + 1, y]) { edge[y * width + x] = true; edge[y * width + x + 1] = true }
                if y + 1 < height, isEdge(here, depth[x, y + 1]) { edge[y * width + x] = true; edge[(y + 1) * width + x] = true }
            }
        }
        var inBand = [Bool](repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width where edge[y * width + x] {
                for bandY in max(0, y - band)...min(height - 1, y + band) {
                    for bandX in max(0, x - band)...min(width - 1, x + band) { inBand[bandY * width + bandX] = true }
                }
            }
        }
        return inBand
    }
}
