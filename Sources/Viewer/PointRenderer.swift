import Imaging

/// Points on the GPU: positions, colours and one scalar per point (for the scalar colour modes).
final class PointBatch {
    /// Which buffers feed the `points` shader's attributes.
    let vertexArray = VertexArray()
    private let positionBuffer = VertexBuffer(), colorBuffer = VertexBuffer(), scalarBuffer = VertexBuffer()
    /// The number of points uploaded.
    private(set) var count = 0

    /// Replaces the points.
    func upload(positions: [SIMD3<Float>], colors: [SIMD3<UInt8>]) {
        precondition(positions.count == colors.count, "PointBatch.upload: \(positions.count) positions vs \(colors.count) colours")
        positionBuffer.upload(positions.flatMap { [$0.x, $0.y, $0.z] })
        colorBuffer.upload(colors.flatMap { [$0.x, $0.y, $0.z] })
        count = positions.count
        vertexArray.bind()
        GL.attribute(0, buffer: positionBuffer.name, components: 3, type: .float)
        GL.attribute(1, buffer: colorBuffer.name, components: 3, type: .normalizedUnsignedByte)
        GL.constantAttribute(2, .zero)
        GL.bindVertexArray(0)
    }

    /// Sets the per-point scalar (one per point), or a constant 0 when `values` is nil.
    func uploadScalars(_ values: [Float]?) {
        vertexArray.bind()
        if let values {
            precondition(values.count == count, "PointBatch.uploadScalars: \(values.count) values for \(count) points")
            scalarBuffer.upload(values)
            GL.attribute(2, buffer: scalarBuffer.name, components: 1, type: .float)
        } else {
            GL.constantAttribute(2, .zero)
        }
        GL.bindVertexArray(0)
    }
}

/// Draws `PointBatch`es as round, depth-correct splats whose size follows distance.
final class PointRenderer {
    /// What one draw call needs besides the points.
    struct Parameters {
        /// World → eye and eye → clip matrices.
        var view: Matrix4, projection: Matrix4
        /// World-space splat radius.
        var pointRadius: Float
        /// Framebuffer pixels per world unit at distance 1 (projection scale × half the height).
        var focalPixels: Float
        /// The largest splat in pixels.
        var maxPointSize: Float
        /// How to colour the points.
        var colorMode: ColorMode
        /// The values mapped to the ends of the colour map.
        var scalarRange: ClosedRange<Float>
        /// The fraction of their distance points move toward the eye, so an overlay of points on
        /// the same surfaces as the cloud wins the depth test.
        var pullToEye: Float = 0
    }

    private let program: ShaderProgram
    private let colorMap = Texture()

    /// Compiles the `points` shaders and uploads the turbo colour map.
    init() throws {
        program = try ShaderProgram(named: "points")
        let legend = ColorMap.turbo.legend(width: 256, height: 1)
        colorMap.upload(rgba: legend.rgbaBytes, width: 256, height: 1)
    }

    /// Draws points `range` of `batch`.
    func draw(_ batch: PointBatch, range: Range<Int>, _ parameters: Parameters) {
        let clamped = range.clamped(to: 0..<batch.count)
        guard !clamped.isEmpty else { return }
        program.use()
        program.set("u_view", parameters.view)
        program.set("u_projection", parameters.projection)
        program.set("u_pointRadius", parameters.pointRadius)
        program.set("u_focalPixels", parameters.focalPixels)
        program.set("u_maxPointSize", parameters.maxPointSize)
        program.set("u_pullToEye", parameters.pullToEye)
        let modes: [ColorMode] = [.rgb, .depth, .error, .observations]
        program.set("u_colorMode", Int32(modes.firstIndex(of: parameters.colorMode)!))
        program.set("u_scalarRange", SIMD2(parameters.scalarRange.lowerBound, parameters.scalarRange.upperBound))
        colorMap.bind(unit: 0)
        program.set("u_colorMap", Int32(0))
        batch.vertexArray.bind()
        GL.drawArrays(.points, first: clamped.lowerBound, count: clamped.count)
        GL.bindVertexArray(0)
    }
}
