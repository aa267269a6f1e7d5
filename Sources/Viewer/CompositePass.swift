/// Copies the off-screen 3D image into the current framebuffer, optionally with eye-dome
/// lighting computed from its depth.
final class CompositePass {
    private let program: ShaderProgram
    private let emptyVertexArray = VertexArray()

    /// Compiles the `composite` shaders.
    init() throws { program = try ShaderProgram(named: "composite") }

    /// Draws `source`'s colour over the whole viewport; with `eyeDomeLighting`, shaded by its
    /// depth, which was rendered between `near` and `far`.
    func draw(_ source: RenderTarget, eyeDomeLighting: Bool, near: Double, far: Double, pixelScale: Double) {
        program.use()
        source.color.bind(unit: 0)
        source.depth.bind(unit: 1)
        program.set("u_color", Int32(0))
        program.set("u_depth", Int32(1))
        program.set("u_eyeDomeLighting", Int32(eyeDomeLighting ? 1 : 0))
        program.set("u_strength", Float(0.7))
        program.set("u_radius", Float(1.4 * pixelScale))
        program.set("u_texelSize", SIMD2(1 / Float(source.width), 1 / Float(source.height)))
        program.set("u_near", Float(near))
        program.set("u_far", Float(far))
        emptyVertexArray.bind()
        GL.drawArrays(.triangles, count: 3)
        GL.bindVertexArray(0)
        GL.bindTexture(0, unit: 1)
        GL.bindTexture(0, unit: 0)
    }
}
