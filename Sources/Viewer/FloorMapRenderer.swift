/// The occupancy grid of a `SceneNavmap` as a translucent textured quad on the floor, one texel
/// per cell (the `floormap` shaders). Drawn with blending on, over a depth buffer holding the scene.
final class FloorMapRenderer {
    private let program: ShaderProgram
    private let vertexArray = VertexArray()
    private let positionBuffer = VertexBuffer(), texcoordBuffer = VertexBuffer()
    private let cells = Texture()

    /// Compiles the shaders and uploads the quad and the cell colours of `navmap`; throws when the
    /// grid has more cells along a side than the driver's largest texture.
    init(_ navmap: SceneNavmap) throws {
        let (width, height) = (navmap.grid.width, navmap.grid.height)
        let limit = GL.maximumTextureSize
        guard width <= limit, height <= limit else {
            throw ViewerError.graphics("the occupancy grid has \(width)x\(height) cells; this driver's textures hold at most \(limit)x\(limit)")
        }
        program = try ShaderProgram(named: "floormap")
        positionBuffer.upload(navmap.gridCorners.flatMap { [$0.x, $0.y, $0.z] })
        texcoordBuffer.upload(SceneNavmap.gridTexcoords.flatMap { [$0.x, $0.y] })
        vertexArray.bind()
        GL.attribute(0, buffer: positionBuffer.name, components: 3, type: .float)
        GL.attribute(1, buffer: texcoordBuffer.name, components: 2, type: .float)
        GL.bindVertexArray(0)
        cells.upload(rgba: navmap.cellColors, width: width, height: height, filter: .nearest)
    }

    /// Draws the grid seen through `viewProjection` from `eye`, `pullDistance` metres nearer in
    /// depth than it lies (so the floor's splats do not hide it).
    func draw(viewProjection: Matrix4, eye: SIMD3<Float>, pullDistance: Float) {
        program.use()
        program.set("u_viewProjection", viewProjection)
        program.set("u_eye", eye)
        program.set("u_pullDistance", pullDistance)
        cells.bind(unit: 0)
        program.set("u_cells", Int32(0))
        vertexArray.bind()
        GL.drawArrays(.triangleStrip, count: 4)
        GL.bindVertexArray(0)
    }
}
