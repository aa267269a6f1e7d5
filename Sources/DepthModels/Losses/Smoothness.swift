import Tensors

/// Edge-aware smoothness of Monodepth (Godard et al. 2017) on mean-normalised inverse depth:
/// `mean |∂x d*| · exp(−|∂x I|) + mean |∂y d*| · exp(−|∂y I|)` with `d* = d / mean(d)` per image
/// and image gradients averaged over colour channels.
///
/// - Parameters:
///   - inverseDepth: [N, 1, H, W] (the sigmoid output at one scale).
///   - image: the target image at the same resolution, [N, 3, H, W].
/// - Returns: a one-element tensor.
public func edgeAwareSmoothness(inverseDepth: Tensor, image: Tensor) -> Tensor {
    precondition(inverseDepth.shape[0] == image.shape[0] && inverseDepth.shape[2...] == image.shape[2...],
                 "edgeAwareSmoothness: inverse depth \(inverseDepth.shape) vs image \(image.shape)")
    let height = image.shape[2], width = image.shape[3]
    let normalised = inverseDepth / (inverseDepth.mean(axes: [2, 3], keepingDimensions: true) + 1e-7)
    func differences(_ t: Tensor, axis: Int, extent: Int) -> Tensor {
        t.sliced(axis: axis, range: 1..<extent) - t.sliced(axis: axis, range: 0..<(extent - 1))
    }
    let depthX = differences(normalised, axis: 3, extent: width).abs()
    let depthY = differences(normalised, axis: 2, extent: height).abs()
    let imageX = differences(image, axis: 3, extent: width).abs().mean(axes: [1], keepingDimensions: true)
    let imageY = differences(image, axis: 2, extent: height).abs().mean(axes: [1], keepingDimensions: true)
    return (depthX * (-imageX).exp()).mean() + (depthY * (-imageY).exp()).mean()
}
