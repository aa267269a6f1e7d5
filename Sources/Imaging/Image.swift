/// An image in memory: `channels` interleaved float samples per pixel, rows top to bottom.
///
/// Colour images hold values in [0, 1] (1 = 255 in an 8-bit file). Gray images have one
/// channel, RGB three, RGBA four.
public struct Image: Equatable, Sendable {
    /// Size in pixels.
    public let width: Int, height: Int
    /// Samples per pixel (1, 3 or 4).
    public let channels: Int
    /// `height · width · channels` samples, row-major, channels interleaved.
    public var pixels: [Float]

    /// An image from its samples; `pixels.count` must be `width · height · channels`.
    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0 && channels > 0, "Image: bad size \(width)x\(height)x\(channels)")
        precondition(pixels.count == width * height * channels,
                     "Image: \(width)x\(height)x\(channels) needs \(width * height * channels) samples, got \(pixels.count)")
        self.width = width; self.height = height; self.channels = channels; self.pixels = pixels
    }

    /// An image filled with `value` in every sample.
    public init(width: Int, height: Int, channels: Int, repeating value: Float = 0) {
        self.init(width: width, height: height, channels: channels,
                  pixels: Array(repeating: value, count: width * height * channels))
    }

    /// Sample `channel` of pixel (`x`, `y`).
    public subscript(x: Int, y: Int, channel: Int) -> Float {
        get { pixels[(y * width + x) * channels + channel] }
        set { pixels[(y * width + x) * channels + channel] = newValue }
    }
}

/// A depth map in metres along the camera's z axis; 0 marks an invalid pixel.
public struct DepthMap: Equatable, Sendable {
    /// Size in pixels.
    public let width: Int, height: Int
    /// `height · width` depths, row-major.
    public var depths: [Float]

    /// A depth map from its values; `depths.count` must be `width · height`.
    public init(width: Int, height: Int, depths: [Float]) {
        precondition(depths.count == width * height, "DepthMap: \(width)x\(height) needs \(width * height) values, got \(depths.count)")
        self.width = width; self.height = height; self.depths = depths
    }

    /// Depth at pixel (`x`, `y`).
    public subscript(x: Int, y: Int) -> Float {
        get { depths[y * width + x] }
        set { depths[y * width + x] = newValue }
    }
}
