import Foundation
import Parallelism

/// Group normalisation (Wu & He, "Group Normalization", ECCV 2018), as PyTorch's `GroupNorm`.
///
/// The channels are split into `groupCount` groups; each (sample, group) is normalised by its own
/// mean and biased variance, then every channel is scaled and shifted by `weight` and `bias`.
///
/// - Parameters:
///   - x: [N, C, ...] (any trailing spatial extent); C must be a multiple of `groupCount`.
///   - weight, bias: [C].
/// - Returns: the same shape as `x`.
///
/// A fused kernel with its own backward (two-pass statistics: per-row Float sums combined in
/// Double), instead of the composite's chain of reductions, broadcasts and their temporaries.
public func groupNorm(_ x: Tensor, groupCount: Int, weight: Tensor, bias: Tensor, epsilon: Float = 1e-5) -> Tensor {
    precondition(x.rank >= 2 && groupCount > 0 && x.shape[1] % groupCount == 0,
                 "groupNorm: input \(x.shape) vs \(groupCount) groups")
    precondition(weight.shape == [x.shape[1]] && bias.shape == [x.shape[1]],
                 "groupNorm: input \(x.shape) vs weight \(weight.shape), bias \(bias.shape)")
    let batch = x.shape[0], channels = x.shape[1]
    let spatial = x.shape.dropFirst(2).reduce(1, *)
    let channelsPerGroup = channels / groupCount, groupSize = channelsPerGroup * spatial
    let groups = batch * groupCount
    let source = x.storage.pointer, scale = weight.storage.pointer, shift = bias.storage.pointer
    let output = TensorStorage(count: x.count)
    // per (n, g): mean and 1/sqrt(var + ε)
    let statistics = TensorStorage(count: 2 * groups)
    let means = statistics.pointer, inverseDeviations = statistics.pointer + groups

    // μ = mean(x_g), σ² = mean((x_g − μ)²), x̂ = (x − μ)/√(σ² + ε), y = γ_c x̂ + β_c
    Parallel.forEachChunk(groups, minimumPerChunk: max(1, 8192 / max(1, groupSize))) { range in
        for group in range {
            let start = source + group * groupSize
            // two passes (mean, then centred squares): per-row Float sums combined in Double
            var sum = 0.0
            for row in 0..<channelsPerGroup {
                sum += Double(RowKernels.sum(start + row * spatial, count: spatial))
            }
            let mean = sum / Double(groupSize), floatMean = Float(mean)
            var centred = 0.0
            for row in 0..<channelsPerGroup {
                centred += Double(RowKernels.centredSquares(start + row * spatial, count: spatial, offset: floatMean))
            }
            let inverseDeviation = 1 / (centred / Double(groupSize) + Double(epsilon)).squareRoot()
            means[group] = floatMean; inverseDeviations[group] = Float(inverseDeviation)
            let firstChannel = (group % groupCount) * channelsPerGroup
            for row in 0..<channelsPerGroup {
                let channel = firstChannel + row
                let a = Float(Double(scale[channel]) * inverseDeviation)
                let b = shift[channel] - a * floatMean
                let values = start + row * spatial, target = output.pointer + group * groupSize + row * spatial
                for index in 0..<spatial { target[index] = a * values[index] + b }
            }
        }
    }

    return .result(shape: x.shape, storage: output, inputs: [x, weight, bias]) { gradient in
        // dβ_c = Σ dy,  dγ_c = Σ dy · x̂,  with ĝ = γ_c dy per group:
        // dx = (1/σ) (ĝ − mean(ĝ) − x̂ · mean(ĝ x̂))
        let inputTarget = x.gradientTarget(), weightTarget = weight.gradientTarget(), biasTarget = bias.gradientTarget()
        let means = statistics.pointer, inverseDeviations = statistics.pointer + groups
        // per (n, c): Σ dy and Σ dy · x̂, reduced over n afterwards in a fixed order
        let partials = TensorStorage(count: 2 * batch * channels)
        let gradientSums = partials.pointer, projectionSums = partials.pointer + batch * channels
        Parallel.forEachChunk(groups, minimumPerChunk: max(1, 4096 / max(1, groupSize))) { range in
            for group in range {
                let start = source + group * groupSize, outputGradient = gradient + group * groupSize
                let mean = means[group], inverseDeviation = inverseDeviations[group]
                let firstChannel = (group % groupCount) * channelsPerGroup
                var scaledSum = 0.0, scaledProjection = 0.0
                for row in 0..<channelsPerGroup {
                    let channel = firstChannel + row
                    let values = start + row * spatial, dy = outputGradient + row * spatial
                    let sumDy = RowKernels.sum(dy, count: spatial)
                    let sumDyX = RowKernels.dot(dy, values, count: spatial, offset: mean)
                    let projection = Double(sumDyX) * Double(inverseDeviation)
                    gradientSums[group / groupCount * channels + channel] = sumDy
                    projectionSums[group / groupCount * channels + channel] = Float(projection)
                    scaledSum += Double(scale[channel]) * Double(sumDy)
                    scaledProjection += Double(scale[channel]) * projection
                }
                guard let inputTarget else { continue }
                let meanGradient = Float(scaledSum / Double(groupSize))
                let meanProjection = Float(scaledProjection / Double(groupSize))
                for row in 0..<channelsPerGroup {
                    let channel = firstChannel + row
                    let values = start + row * spatial, dy = outputGradient + row * spatial
                    let target = inputTarget + group * groupSize + row * spatial
                    let gamma = scale[channel]
                    for index in 0..<spatial {
                        let normalised = (values[index] - mean) * inverseDeviation
                        target[index] += inverseDeviation * (gamma * dy[index] - meanGradient - normalised * meanProjection)
                    }
                }
            }
        }
        for n in 0..<batch {
            for channel in 0..<channels {
                biasTarget?[channel] += gradientSums[n * channels + channel]
                weightTarget?[channel] += projectionSums[n * channels + channel]
            }
        }
        withExtendedLifetime((statistics, partials)) {}
    }
}
