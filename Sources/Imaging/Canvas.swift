/// A small RGB raster for drawing diagrams: lines, filled rectangles and text in a built-in
/// 5x7 pixel font (loss curves, legends, floor plans).
public struct Canvas: Sendable {
    /// The picture drawn so far (3 channels).
    public private(set) var image: Image

    /// A canvas of `width × height` filled with `background`.
    public init(width: Int, height: Int, background: SIMD3<Float>) {
        var pixels = [Float](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            pixels[index * 3] = background.x; pixels[index * 3 + 1] = background.y; pixels[index * 3 + 2] = background.z
        }
        image = Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// Starts from an existing picture (gray and RGBA are converted to RGB).
    public init(image: Image) {
        var rgb = Image(width: image.width, height: image.height, channels: 3)
        for y in 0..<image.height {
            for x in 0..<image.width {
                for channel in 0..<3 { rgb[x, y, channel] = image[x, y, image.channels >= 3 ? channel : 0] }
            }
        }
        self.image = rgb
    }

    /// Sets one pixel; positions outside the canvas are ignored.
    public mutating func plot(_ x: Int, _ y: Int, color: SIMD3<Float>) {
        guard x >= 0, y >= 0, x < image.width, y < image.height else { return }
        image[x, y, 0] = color.x; image[x, y, 1] = color.y; image[x, y, 2] = color.z
    }

    /// Draws a straight line (Bresenham), `thickness` pixels wide.
    public mutating func line(from start: (Int, Int), to end: (Int, Int), color: SIMD3<Float>, thickness: Int = 1) {
        var (x, y) = start
        let dx = abs(end.0 - x), dy = -abs(end.1 - y)
        let stepX = x < end.0 ? 1 : -1, stepY = y < end.1 ? 1 : -1
        var error = dx + dy
        while true {
            fillRectangle(x: x - (thickness - 1) / 2, y: y - (thickness - 1) / 2, width: thickness, height: thickness, color: color)
            if x == end.0 && y == end.1 { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    /// Fills an axis-aligned rectangle (clipped to the canvas).
    public mutating func fillRectangle(x: Int, y: Int, width: Int, height: Int, color: SIMD3<Float>) {
        for row in max(0, y)..<min(image.height, y + height) where width > 0 {
            for column in max(0, x)..<min(image.width, x + width) { plot(column, row, color: color) }
        }
    }

    /// Writes `text` with its top-left corner at `origin`, 6 pixels per character, 8 per line.
    /// Characters the font lacks are drawn as a box.
    public mutating func text(_ text: String, at origin: (Int, Int), color: SIMD3<Float>, scale: Int = 1) {
        for (index, character) in text.uppercased().enumerated() {
            let rows = BitmapFont.glyph(character)
            for (row, bits) in rows.enumerated() {
                for column in 0..<5 where bits & (1 << (4 - column)) != 0 {
                    fillRectangle(x: origin.0 + (index * 6 + column) * scale, y: origin.1 + row * scale,
                                  width: scale, height: scale, color: color)
                }
            }
        }
    }
}
