import Imaging
import Tensors

extension DepthPredictor {
    /// Depth in metres of `image` at the image's own resolution.
    ///
    /// The network runs at its input resolution (the image is resized by area averaging); its
    /// depth is brought back to the image's size by bilinear interpolation of inverse depth
    /// (what the network predicts, and smooth where depth itself is not), then optionally refined
    /// with the image as guide.
    public func depthMap(_ image: Image, refinement: DepthRefinementOption = .none) -> DepthMap {
        let network = depth(networkInput([image])).depthMap(at: 0)
        return refinement.refine(network.upsampledInInverseDepth(width: image.width, height: image.height), guide: image)
    }
}

extension DepthMap {
    /// This depth map resampled to `width` × `height` by bilinear interpolation of 1 / depth
    /// (``ResizeMethod/bilinear``); meant for maps without invalid pixels, such as network output.
    public func upsampledInInverseDepth(width newWidth: Int, height newHeight: Int) -> DepthMap {
        if newWidth == width && newHeight == height { return self }
        let inverse = Image(width: width, height: height, channels: 1, pixels: depths.map { $0 > 0 ? 1 / $0 : 0 })
        let resized = inverse.resized(width: newWidth, height: newHeight, method: .bilinear)
        return DepthMap(width: newWidth, height: newHeight, depths: resized.pixels.map { $0 > 0 ? 1 / $0 : 0 })
    }
}
