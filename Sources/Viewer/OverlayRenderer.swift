/// A rectangle on screen in framebuffer pixels, origin at the top left.
struct ScreenRect: Equatable {
    var x: Double, y: Double, width: Double, height: Double
}

/// Textured and solid rectangles and text drawn over the 3D view (panels, legend, labels, help).
final class OverlayRenderer {
    private let program: ShaderProgram
    private let vertexArray = VertexArray()
    private let positionBuffer = VertexBuffer(), texcoordBuffer = VertexBuffer()
    private let white = Texture()
    private var labels: [String: Texture] = [:]

    /// Compiles the `overlay` shaders.
    init() throws {
        program = try ShaderProgram(named: "overlay")
        white.upload(rgba: [255, 255, 255, 255], width: 1, height: 1, filter: .nearest)
        texcoordBuffer.upload([Float]([0, 1, 0, 0, 1, 1, 1, 0]))
        vertexArray.bind()
        GL.attribute(1, buffer: texcoordBuffer.name, components: 2, type: .float)
        GL.bindVertexArray(0)
    }

    /// Draws `texture` stretched over `rect` (top of the image at the top), multiplied by `tint`,
    /// on a viewport of `viewport` pixels.
    func draw(_ texture: Texture, in rect: ScreenRect, tint: SIMD4<Float> = .one, viewport: SIMD2<Float>) {
        let (left, top) = (Float(rect.x), Float(rect.y))
        let (right, bottom) = (Float(rect.x + rect.width), Float(rect.y + rect.height))
        positionBuffer.upload([left, top, left, bottom, right, top, right, bottom], dynamic: true)
        vertexArray.bind()
        GL.attribute(0, buffer: positionBuffer.name, components: 2, type: .float)
        program.use()
        program.set("u_viewportSize", viewport)
        program.set("u_tint", tint)
        texture.bind(unit: 0)
        program.set("u_texture", Int32(0))
        GL.drawArrays(.triangleStrip, count: 4)
        GL.bindVertexArray(0)
    }

    /// Fills `rect` with `color`.
    func fill(_ rect: ScreenRect, color: SIMD4<Float>, viewport: SIMD2<Float>) {
        draw(white, in: rect, tint: color, viewport: viewport)
    }

    /// Draws `text` (several lines allowed) with its top-left corner at (`x`, `y`), `scale`
    /// pixels per font pixel; returns the size it covered.
    @discardableResult
    func text(_ text: String, x: Double, y: Double, scale: Int, color: SIMD4<Float> = .one, viewport: SIMD2<Float>) -> SIMD2<Double> {
        let key = "\(scale)|\(text)"
        let texture: Texture
        if let cached = labels[key] {
            texture = cached
        } else {
            if labels.count > 256 { labels.removeAll() }
            let rendered = TextImage.render(text, scale: scale)
            texture = Texture()
            texture.upload(rgba: rendered.rgba, width: rendered.width, height: rendered.height, filter: .nearest)
            labels[key] = texture
        }
        let size = SIMD2(Double(texture.width), Double(texture.height))
        draw(texture, in: ScreenRect(x: x.rounded(), y: y.rounded(), width: size.x, height: size.y), tint: color, viewport: viewport)
        return size
    }
}
