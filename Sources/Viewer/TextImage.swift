import Imaging

/// Text rasterised for the overlays with Imaging's built-in 5×7 font: white glyphs whose
/// coverage is the alpha channel, so the overlay shader can tint and blend them.
public enum TextImage {
    /// Character cell size in font pixels (glyph plus spacing), as `Canvas.text` lays it out.
    public static let cellWidth = 6, cellHeight = 9

    /// Lines of `text` at `scale` screen pixels per font pixel: RGBA bytes (top row first) and size.
    public static func render(_ text: String, scale: Int) -> (rgba: [UInt8], width: Int, height: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let width = max(1, lines.map(\.count).max() ?? 0) * cellWidth * scale
        let height = lines.count * cellHeight * scale
        var canvas = Canvas(width: width, height: height, background: .zero)
        for (index, line) in lines.enumerated() {
            canvas.text(String(line), at: (0, (index * cellHeight + 1) * scale), color: .one, scale: scale)
        }
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        for pixel in 0..<(width * height) {
            rgba[pixel * 4 + 3] = canvas.image.pixels[pixel * 3] > 0.5 ? 255 : 0
        }
        return (rgba, width, height)
    }
}
