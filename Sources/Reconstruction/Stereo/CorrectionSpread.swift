import Foundation
import Imaging

/// Carries the corrections that stereo made at the pixels it matched to the pixels around them
/// that it could not match (untextured walls, ambiguous patterns).
///
/// The network's depth errors are mostly smooth, a scale that wanders across the image, so the
/// ratio stereo found at a matched pixel also holds near it. Each unmatched pixel with depth is
/// multiplied by the Gaussian-weighted mean of log(stereo / input) over the matched pixels
/// around it (normalised convolution: three box passes, O(1) per pixel whatever the width),
/// leaving out matches that disagree with that mean. Pixels with no matched pixel within about
/// three standard deviations, or whose matches disagree too often, keep their depth. On the
/// evaluation scenes it raised the clouds' F-score at 5 cm from 0.266 to 0.310
/// (docs/reconstruction.md).
public struct CorrectionSpread: Sendable {
    /// The Gaussian's standard deviation as a fraction of the frame's width (0.025: 6.4 pixels
    /// at 256 wide; 0.0125 and 0.05 scored within 0.01 of it on the evaluation scenes, in a
    /// prototype without the outlier pass).
    public var widthFraction: Float = 0.025
    /// The least weight of matched pixels, as a fraction of the whole Gaussian, that a pixel
    /// needs around it to be corrected.
    public var minimumWeight: Float = 1e-3
    /// How far (in log depth) a match's own correction may lie from the mean of those around it
    /// and still be spread.
    public var outlierDistance: Float = 0.05
    /// The least share of the matches around a pixel that must agree (lie within
    /// ``outlierDistance`` of their mean) for the pixel to take their correction: where a
    /// repeated pattern makes stereo match at several depths, they do not.
    public var minimumAgreement: Float = 0.75

    /// A spread with the default width.
    public init() {}

    /// Spreads the corrections from `input` to `refined` at the `matched` pixels over the other
    /// pixels of `refined` that have depth; returns the result and how many pixels changed.
    public func apply(input: DepthMap, refined: DepthMap, matched: [Bool]) -> (depth: DepthMap, spreadPixels: Int) {
        let width = input.width, height = input.height, count = width * height
        precondition(refined.width == width && refined.height == height && matched.count == count,
                     "CorrectionSpread: depth maps and mask must all be \(width)x\(height)")
        let radius = Int((widthFraction * Float(width)).rounded())
        guard radius >= 1, matched.contains(true) else { return (refined, 0) }
        var logRatio = [Float](repeating: 0, count: count)
        var contributes = [Bool](repeating: false, count: count)
        for index in 0..<count where matched[index] && input.depths[index] > 0 && refined.depths[index] > 0 {
            logRatio[index] = log(refined.depths[index] / input.depths[index])
            contributes[index] = true
        }
        let (firstMean, matchWeight) = smoothed(logRatio, contributes, width: width, height: height, radius: radius)
        // A wrong match (a border, a repeated pattern) disagrees with the matches around it: the
        // second pass leaves out the matches more than `outlierDistance` from the first's mean.
        for index in 0..<count where contributes[index] && abs(logRatio[index] - firstMean[index]) > outlierDistance {
            contributes[index] = false
        }
        let (correction, weight) = smoothed(logRatio, contributes, width: width, height: height, radius: radius)
        let total = pow(Float(2 * radius + 1), 6)
        var spread = refined, changed = 0
        for index in 0..<count where !matched[index] && refined.depths[index] > 0 && weight[index] >= minimumWeight * total
            && weight[index] >= minimumAgreement * matchWeight[index] {
            spread.depths[index] = refined.depths[index] * exp(correction[index])
            changed += 1
        }
        return (spread, changed)
    }

    /// The Gaussian-weighted mean of `values` over the pixels where `included` holds, and the
    /// (unnormalised) weight of those pixels, at every pixel: three box passes of `radius`,
    /// which approximate a Gaussian of standard deviation √(radius · (radius + 1)).
    private func smoothed(_ values: [Float], _ included: [Bool], width: Int, height: Int, radius: Int) -> (mean: [Float], weight: [Float]) {
        var sum = zip(values, included).map { $1 ? $0 : 0 }, weight = included.map { $0 ? Float(1) : 0 }
        for _ in 0..<3 {
            sum = boxSum(sum, width: width, height: height, radius: radius)
            weight = boxSum(weight, width: width, height: height, radius: radius)
        }
        return (zip(sum, weight).map { $1 > 0 ? $0 / $1 : 0 }, weight)
    }
}
