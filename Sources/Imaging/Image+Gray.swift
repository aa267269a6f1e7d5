extension Image {
    /// The image's luma as a 1-channel image: `0.299 R + 0.587 G + 0.114 B` (ITU-R BT.601, as in
    /// OpenCV and PIL), computed on the stored (gamma-encoded) values; alpha is dropped. A
    /// 1-channel image is returned unchanged.
    public func gray() -> Image {
        if channels == 1 { return self }
        precondition(channels >= 3, "Image.gray: \(channels) channels (1, 3 or 4 supported)")
        var luma = [Float](repeating: 0, count: width * height)
        for i in 0..<luma.count {
            let p = i * channels
            luma[i] = 0.299 * pixels[p] + 0.587 * pixels[p + 1] + 0.114 * pixels[p + 2]
        }
        return Image(width: width, height: height, channels: 1, pixels: luma)
    }
}
