/// Coloured line segments in world space (camera frustums, trajectories, planned paths).
final class LineRenderer {
    private let program: ShaderProgram
    private let vertexArray = VertexArray()
    private let positionBuffer = VertexBuffer(), colorBuffer = VertexBuffer()
    private var vertexCount = 0

    /// Compiles the `lines` shaders.
    init() throws { program = try ShaderProgram(named: "lines") }

    /// Replaces the segments: consecutive pairs of `points`, each vertex with its colour.
    func upload(points: [SIMD3<Float>], colors: [SIMD3<Float>]) {
        precondition(points.count == colors.count && points.count % 2 == 0,
                     "LineRenderer.upload: \(points.count) points vs \(colors.count) colours (pairs needed)")
        positionBuffer.upload(points.flatMap { [$0.x, $0.y, $0.z] })
        colorBuffer.upload(colors.flatMap { [$0.x, $0.y, $0.z] })
        vertexCount = points.count
        vertexArray.bind()
        GL.attribute(0, buffer: positionBuffer.name, components: 3, type: .float)
        GL.attribute(1, buffer: colorBuffer.name, components: 3, type: .float)
        GL.bindVertexArray(0)
    }

    /// Draws the segments seen through `viewProjection` from `eye`, leaving out what lies within
    /// `clearRadius` of the eye; `pullDistance` (metres) brings them that much nearer in depth
    /// without moving them on screen (paths on the floor, drawn over the floor's splats).
    func draw(viewProjection: Matrix4, eye: SIMD3<Float>, clearRadius: Float, pullDistance: Float = 0) {
        program.use()
        program.set("u_viewProjection", viewProjection)
        program.set("u_eye", eye)
        program.set("u_clearRadius", clearRadius)
        program.set("u_pullDistance", pullDistance)
        vertexArray.bind()
        GL.drawArrays(.lines, count: vertexCount)
        GL.bindVertexArray(0)
    }
}
