@preconcurrency import CEpoxy

/// The OpenGL 3.3 core calls the viewer uses, behind typed Swift signatures. This is the only
/// file that imports libepoxy: GL constants are cast here and nowhere else. Object lifetimes are
/// managed by the owner classes (`ShaderProgram`, `VertexBuffer`, `VertexArray`, `Texture`,
/// `RenderTarget`), which call `delete…` from their `deinit`.
enum GL {
    /// A GL object name.
    typealias Name = UInt32

    /// A programmable pipeline stage.
    enum ShaderStage: String, Sendable {
        case vertex, fragment

        fileprivate var glEnum: GLenum {
            switch self {
            case .vertex: GLenum(GL_VERTEX_SHADER)
            case .fragment: GLenum(GL_FRAGMENT_SHADER)
            }
        }
    }

    /// How `drawArrays` assembles vertices.
    enum Primitive {
        case points, lines, lineStrip, triangles, triangleStrip

        fileprivate var glEnum: GLenum {
            switch self {
            case .points: GLenum(GL_POINTS)
            case .lines: GLenum(GL_LINES)
            case .lineStrip: GLenum(GL_LINE_STRIP)
            case .triangles: GLenum(GL_TRIANGLES)
            case .triangleStrip: GLenum(GL_TRIANGLE_STRIP)
            }
        }
    }

    /// The element type of a vertex attribute.
    enum AttributeType {
        /// 32-bit floats, passed as they are.
        case float
        /// Unsigned bytes, normalised to [0, 1].
        case normalizedUnsignedByte

        fileprivate var glEnum: GLenum {
            switch self {
            case .float: GLenum(GL_FLOAT)
            case .normalizedUnsignedByte: GLenum(GL_UNSIGNED_BYTE)
            }
        }
    }

    /// The storage of a texture.
    enum TextureFormat {
        /// 8-bit RGBA colour.
        case rgba8
        /// 24-bit depth, sampled as a float in [0, 1].
        case depth24
    }

    /// Texture sampling between texels.
    enum Filter { case nearest, linear }

    // MARK: - Context information and state

    /// `GL_RENDERER` and `GL_VERSION` of the current context.
    static var description: String {
        func string(_ name: Int32) -> String {
            guard let pointer = epoxy_glGetString(GLenum(name)) else { return "?" }
            return String(cString: pointer)
        }
        return "\(string(GL_RENDERER)), OpenGL \(string(GL_VERSION))"
    }

    /// The largest width or height of a 2D texture the driver accepts.
    static var maximumTextureSize: Int {
        var size: GLint = 0
        epoxy_glGetIntegerv(GLenum(GL_MAX_TEXTURE_SIZE), &size)
        return Int(size)
    }

    /// Sets the rectangle of the bound framebuffer that drawing maps to.
    static func viewport(x: Int = 0, y: Int = 0, width: Int, height: Int) {
        epoxy_glViewport(GLint(x), GLint(y), GLsizei(width), GLsizei(height))
    }

    /// Clears colour (to `color`) and depth (to the far plane) of the bound framebuffer.
    static func clear(color: SIMD4<Float>, depth: Bool = true) {
        epoxy_glClearColor(color.x, color.y, color.z, color.w)
        epoxy_glClear(GLbitfield(GL_COLOR_BUFFER_BIT) | (depth ? GLbitfield(GL_DEPTH_BUFFER_BIT) : 0))
    }

    /// Turns depth testing (less-or-equal) and depth writes on or off.
    static func setDepthTest(_ enabled: Bool) {
        if enabled {
            epoxy_glEnable(GLenum(GL_DEPTH_TEST))
            epoxy_glDepthFunc(GLenum(GL_LEQUAL))
        } else {
            epoxy_glDisable(GLenum(GL_DEPTH_TEST))
        }
        epoxy_glDepthMask(GLboolean(enabled ? 1 : 0))
    }

    /// Turns standard alpha blending (`src·a + dst·(1 − a)`) on or off.
    static func setBlending(_ enabled: Bool) {
        if enabled {
            epoxy_glEnable(GLenum(GL_BLEND))
            epoxy_glBlendFunc(GLenum(GL_SRC_ALPHA), GLenum(GL_ONE_MINUS_SRC_ALPHA))
        } else {
            epoxy_glDisable(GLenum(GL_BLEND))
        }
    }

    /// Lets vertex shaders set `gl_PointSize`.
    static func enableProgramPointSize() { epoxy_glEnable(GLenum(GL_PROGRAM_POINT_SIZE)) }

    /// Draws `count` vertices of the bound vertex array starting at `first`.
    static func drawArrays(_ primitive: Primitive, first: Int = 0, count: Int) {
        guard count > 0 else { return }
        epoxy_glDrawArrays(primitive.glEnum, GLint(first), GLsizei(count))
    }

    /// Blocks until every queued command has executed (for timing).
    static func finish() { epoxy_glFinish() }

    // MARK: - Shaders and programs

    /// Compiles `source` for `stage`; returns the shader or the compiler's log.
    static func compileShader(_ stage: ShaderStage, source: String) -> Result<Name, DriverMessage> {
        let shader = epoxy_glCreateShader(stage.glEnum)
        source.withCString { text in
            var pointer: UnsafePointer<GLchar>? = text
            epoxy_glShaderSource(shader, 1, &pointer, nil)
        }
        epoxy_glCompileShader(shader)
        var status: GLint = 0
        epoxy_glGetShaderiv(shader, GLenum(GL_COMPILE_STATUS), &status)
        if status == GL_TRUE { return .success(shader) }
        let log = infoLog(shader, length: epoxy_glGetShaderiv, read: epoxy_glGetShaderInfoLog)
        epoxy_glDeleteShader(shader)
        return .failure(DriverMessage(text: log))
    }

    /// Links a program from compiled shaders (which it deletes); returns it or the linker's log.
    static func linkProgram(_ shaders: [Name]) -> Result<Name, DriverMessage> {
        let program = epoxy_glCreateProgram()
        for shader in shaders { epoxy_glAttachShader(program, shader) }
        epoxy_glLinkProgram(program)
        for shader in shaders {
            epoxy_glDetachShader(program, shader)
            epoxy_glDeleteShader(shader)
        }
        var status: GLint = 0
        epoxy_glGetProgramiv(program, GLenum(GL_LINK_STATUS), &status)
        if status == GL_TRUE { return .success(program) }
        let log = infoLog(program, length: epoxy_glGetProgramiv, read: epoxy_glGetProgramInfoLog)
        epoxy_glDeleteProgram(program)
        return .failure(DriverMessage(text: log))
    }

    /// What the driver said when it refused something: a compiler or linker log, or a
    /// framebuffer status.
    struct DriverMessage: Error { let text: String }

    private static func infoLog(
        _ object: Name,
        length: (GLuint, GLenum, UnsafeMutablePointer<GLint>?) -> Void,
        read: (GLuint, GLsizei, UnsafeMutablePointer<GLsizei>?, UnsafeMutablePointer<GLchar>?) -> Void
    ) -> String {
        var count: GLint = 0
        length(object, GLenum(GL_INFO_LOG_LENGTH), &count)
        var buffer = [GLchar](repeating: 0, count: Int(max(count, 1)))
        read(object, GLsizei(buffer.count), nil, &buffer)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Deletes a program.
    static func deleteProgram(_ program: Name) { epoxy_glDeleteProgram(program) }

    /// Makes `program` current.
    static func useProgram(_ program: Name) { epoxy_glUseProgram(program) }

    /// The location of uniform `name` in `program` (−1 when the linker removed it).
    static func uniformLocation(_ program: Name, _ name: String) -> Int32 {
        epoxy_glGetUniformLocation(program, name)
    }

    /// Sets an `int` or sampler uniform of the current program.
    static func uniform(_ location: Int32, _ value: Int32) { epoxy_glUniform1i(location, value) }
    /// Sets a `float` uniform of the current program.
    static func uniform(_ location: Int32, _ value: Float) { epoxy_glUniform1f(location, value) }
    /// Sets a `vec2` uniform of the current program.
    static func uniform(_ location: Int32, _ value: SIMD2<Float>) { epoxy_glUniform2f(location, value.x, value.y) }
    /// Sets a `vec3` uniform of the current program.
    static func uniform(_ location: Int32, _ value: SIMD3<Float>) { epoxy_glUniform3f(location, value.x, value.y, value.z) }
    /// Sets a `vec4` uniform of the current program.
    static func uniform(_ location: Int32, _ value: SIMD4<Float>) {
        epoxy_glUniform4f(location, value.x, value.y, value.z, value.w)
    }
    /// Sets a `mat4` uniform of the current program from 16 column-major floats.
    static func uniform(_ location: Int32, matrix: [Float]) {
        precondition(matrix.count == 16, "GL.uniform: a mat4 needs 16 floats, got \(matrix.count)")
        epoxy_glUniformMatrix4fv(location, 1, GLboolean(0), matrix)
    }

    // MARK: - Buffers and vertex arrays

    /// A new buffer object.
    static func createBuffer() -> Name {
        var name: GLuint = 0
        epoxy_glGenBuffers(1, &name)
        return name
    }

    /// Deletes a buffer object.
    static func deleteBuffer(_ buffer: Name) {
        var name = buffer
        epoxy_glDeleteBuffers(1, &name)
    }

    /// Replaces the contents of `buffer` with `bytes` (bound as the array buffer afterwards).
    static func uploadArrayBuffer(_ buffer: Name, bytes: UnsafeRawBufferPointer, dynamic: Bool) {
        epoxy_glBindBuffer(GLenum(GL_ARRAY_BUFFER), buffer)
        epoxy_glBufferData(GLenum(GL_ARRAY_BUFFER), GLsizeiptr(bytes.count), bytes.baseAddress,
                           GLenum(dynamic ? GL_DYNAMIC_DRAW : GL_STATIC_DRAW))
    }

    /// A new vertex array object.
    static func createVertexArray() -> Name {
        var name: GLuint = 0
        epoxy_glGenVertexArrays(1, &name)
        return name
    }

    /// Deletes a vertex array object.
    static func deleteVertexArray(_ vertexArray: Name) {
        var name = vertexArray
        epoxy_glDeleteVertexArrays(1, &name)
    }

    /// Binds a vertex array object (0 unbinds).
    static func bindVertexArray(_ vertexArray: Name) { epoxy_glBindVertexArray(vertexArray) }

    /// Points attribute `index` of the bound vertex array at tightly packed `components`-vectors
    /// of `type` in `buffer`.
    static func attribute(_ index: UInt32, buffer: Name, components: Int, type: AttributeType) {
        epoxy_glBindBuffer(GLenum(GL_ARRAY_BUFFER), buffer)
        epoxy_glEnableVertexAttribArray(index)
        let normalized = GLboolean(type == .normalizedUnsignedByte ? 1 : 0)
        epoxy_glVertexAttribPointer(index, GLint(components), type.glEnum, normalized, 0, nil)
    }

    /// Sets a constant value for attribute `index` of the bound vertex array (no buffer).
    static func constantAttribute(_ index: UInt32, _ value: SIMD4<Float>) {
        epoxy_glDisableVertexAttribArray(index)
        epoxy_glVertexAttrib4f(index, value.x, value.y, value.z, value.w)
    }

    // MARK: - Textures

    /// A new texture object.
    static func createTexture() -> Name {
        var name: GLuint = 0
        epoxy_glGenTextures(1, &name)
        return name
    }

    /// Deletes a texture object.
    static func deleteTexture(_ texture: Name) {
        var name = texture
        epoxy_glDeleteTextures(1, &name)
    }

    /// Binds `texture` to texture unit `unit`.
    static func bindTexture(_ texture: Name, unit: Int) {
        epoxy_glActiveTexture(GLenum(GL_TEXTURE0 + Int32(unit)))
        epoxy_glBindTexture(GLenum(GL_TEXTURE_2D), texture)
    }

    /// (Re)allocates `texture` as `width`×`height` of `format`, filled from `rgba` (8-bit RGBA rows,
    /// bottom row first) when given, and sets clamped sampling with `filter`.
    static func defineTexture(_ texture: Name, format: TextureFormat, width: Int, height: Int,
                              rgba: [UInt8]? = nil, filter: Filter) {
        bindTexture(texture, unit: 0)
        epoxy_glPixelStorei(GLenum(GL_UNPACK_ALIGNMENT), 1)
        let target = GLenum(GL_TEXTURE_2D)
        switch format {
        case .rgba8:
            if let rgba {
                precondition(rgba.count == width * height * 4, "GL.defineTexture: \(width)x\(height) RGBA needs \(width * height * 4) bytes, got \(rgba.count)")
            }
            epoxy_glTexImage2D(target, 0, GL_RGBA8, GLsizei(width), GLsizei(height), 0,
                               GLenum(GL_RGBA), GLenum(GL_UNSIGNED_BYTE), rgba)
        case .depth24:
            epoxy_glTexImage2D(target, 0, GL_DEPTH_COMPONENT24, GLsizei(width), GLsizei(height), 0,
                               GLenum(GL_DEPTH_COMPONENT), GLenum(GL_UNSIGNED_INT), nil)
        }
        let glFilter = filter == .linear ? GL_LINEAR : GL_NEAREST
        epoxy_glTexParameteri(target, GLenum(GL_TEXTURE_MIN_FILTER), glFilter)
        epoxy_glTexParameteri(target, GLenum(GL_TEXTURE_MAG_FILTER), glFilter)
        epoxy_glTexParameteri(target, GLenum(GL_TEXTURE_WRAP_S), GL_CLAMP_TO_EDGE)
        epoxy_glTexParameteri(target, GLenum(GL_TEXTURE_WRAP_T), GL_CLAMP_TO_EDGE)
    }

    // MARK: - Framebuffers

    /// A new framebuffer object with `color` and `depth` textures attached, or a description of
    /// why the driver rejects it.
    static func createFramebuffer(color: Name, depth: Name) -> Result<Name, DriverMessage> {
        var name: GLuint = 0
        epoxy_glGenFramebuffers(1, &name)
        let target = GLenum(GL_FRAMEBUFFER)
        epoxy_glBindFramebuffer(target, name)
        epoxy_glFramebufferTexture2D(target, GLenum(GL_COLOR_ATTACHMENT0), GLenum(GL_TEXTURE_2D), color, 0)
        epoxy_glFramebufferTexture2D(target, GLenum(GL_DEPTH_ATTACHMENT), GLenum(GL_TEXTURE_2D), depth, 0)
        let status = epoxy_glCheckFramebufferStatus(target)
        epoxy_glBindFramebuffer(target, 0)
        if status == GLenum(GL_FRAMEBUFFER_COMPLETE) { return .success(name) }
        deleteFramebuffer(name)
        return .failure(DriverMessage(text: "framebuffer incomplete (status 0x\(String(status, radix: 16)))"))
    }

    /// Deletes a framebuffer object.
    static func deleteFramebuffer(_ framebuffer: Name) {
        var name = framebuffer
        epoxy_glDeleteFramebuffers(1, &name)
    }

    /// Binds `framebuffer` for drawing and reading (0 = the window).
    static func bindFramebuffer(_ framebuffer: Name) { epoxy_glBindFramebuffer(GLenum(GL_FRAMEBUFFER), framebuffer) }

    /// Copies the colour of framebuffer `source` (its whole `width`×`height`) onto framebuffer
    /// `target` (0 = the window) of `targetWidth`×`targetHeight`.
    static func blit(from source: Name, width: Int, height: Int, to target: Name, targetWidth: Int, targetHeight: Int) {
        epoxy_glBindFramebuffer(GLenum(GL_READ_FRAMEBUFFER), source)
        epoxy_glBindFramebuffer(GLenum(GL_DRAW_FRAMEBUFFER), target)
        let sameSize = width == targetWidth && height == targetHeight
        epoxy_glBlitFramebuffer(0, 0, GLint(width), GLint(height), 0, 0, GLint(targetWidth), GLint(targetHeight),
                                GLbitfield(GL_COLOR_BUFFER_BIT), GLenum(sameSize ? GL_NEAREST : GL_LINEAR))
        epoxy_glBindFramebuffer(GLenum(GL_FRAMEBUFFER), 0)
    }

    /// Copies the depth of framebuffer `source` onto framebuffer `target`, both `width`×`height`,
    /// so that later drawing into `target` is hidden behind what `source` holds.
    static func copyDepth(from source: Name, to target: Name, width: Int, height: Int) {
        epoxy_glBindFramebuffer(GLenum(GL_READ_FRAMEBUFFER), source)
        epoxy_glBindFramebuffer(GLenum(GL_DRAW_FRAMEBUFFER), target)
        epoxy_glBlitFramebuffer(0, 0, GLint(width), GLint(height), 0, 0, GLint(width), GLint(height),
                                GLbitfield(GL_DEPTH_BUFFER_BIT), GLenum(GL_NEAREST))
        epoxy_glBindFramebuffer(GLenum(GL_FRAMEBUFFER), 0)
    }

    /// The RGBA bytes of the bound framebuffer's `width`×`height` colour, bottom row first.
    static func readPixels(width: Int, height: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: width * height * 4)
        epoxy_glPixelStorei(GLenum(GL_PACK_ALIGNMENT), 1)
        epoxy_glReadPixels(0, 0, GLsizei(width), GLsizei(height), GLenum(GL_RGBA), GLenum(GL_UNSIGNED_BYTE), &bytes)
        return bytes
    }
}
