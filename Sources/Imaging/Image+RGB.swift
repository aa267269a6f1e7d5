extension Image {
    /// This image as 3-channel RGB (gray replicated, alpha dropped, via ``Canvas``) at
    /// `width` × `height`, area-averaged when the size changes: how frames enter the networks
    /// and the reconstruction folder.
    public func rgbResized(width newWidth: Int, height newHeight: Int) -> Image {
        let rgb = channels == 3 ? self : Canvas(image: self).image
        return rgb.width == newWidth && rgb.height == newHeight ? rgb : rgb.resized(width: newWidth, height: newHeight, method: .area)
    }
}
