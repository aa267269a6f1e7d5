import Tensors

/// The per-pixel photometric error of Monodepth2 and PackNet-SfM:
/// `0.85 · clamp((1 − SSIM)/2, 0, 1) + 0.15 · |a − b|`, averaged over colour channels, with SSIM
/// (Wang et al. 2004) on 3x3 windows with reflection padding, C1 = 0.01², C2 = 0.03².
///
/// Inputs [N, C, H, W] in [0, 1]; output [N, 1, H, W].
public func photometricError(_ a: Tensor, _ b: Tensor) -> Tensor {
    precondition(a.shape == b.shape, "photometricError: \(a.shape) vs \(b.shape)")
    let l1 = (a - b).abs().mean(axes: [1], keepingDimensions: true)          // [N, 1, H, W]
    let dissimilarity = ((1 - ssim(a, b)) / 2).clamped(min: 0, max: 1)        // [N, C, H, W]
    return dissimilarity.mean(axes: [1], keepingDimensions: true) * 0.85 + l1 * 0.15
}

/// Per-pixel, per-channel SSIM on 3x3 windows (reflection-padded): [N, C, H, W].
public func ssim(_ x: Tensor, _ y: Tensor) -> Tensor {
    let c1: Float = 0.01 * 0.01, c2: Float = 0.03 * 0.03
    let muX = x.averagePool3x3Reflect(), muY = y.averagePool3x3Reflect()
    let sigmaX = (x * x).averagePool3x3Reflect() - muX * muX
    let sigmaY = (y * y).averagePool3x3Reflect() - muY * muY
    let sigmaXY = (x * y).averagePool3x3Reflect() - muX * muY
    let numerator = (muX * muY * 2 + c1) * (sigmaXY * 2 + c2)
    let denominator = (muX * muX + muY * muY + c1) * (sigmaX + sigmaY + c2)
    return numerator / denominator
}
