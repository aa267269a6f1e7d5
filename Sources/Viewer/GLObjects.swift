/// An array buffer holding one vertex attribute stream; deletes itself when released.
final class VertexBuffer {
    /// The GL buffer object.
    let name = GL.createBuffer()
    /// The number of elements last uploaded.
    private(set) var count = 0

    deinit { GL.deleteBuffer(name) }

    /// Replaces the contents with `elements` (plain SIMD or scalar values).
    func upload<Element>(_ elements: [Element], dynamic: Bool = false) {
        elements.withUnsafeBytes { GL.uploadArrayBuffer(name, bytes: $0, dynamic: dynamic) }
        count = elements.count
    }
}

/// A vertex array object: which buffers feed which attributes; deletes itself when released.
final class VertexArray {
    /// The GL vertex array object.
    let name = GL.createVertexArray()

    deinit { GL.deleteVertexArray(name) }

    /// Binds it for drawing or for attribute set-up.
    func bind() { GL.bindVertexArray(name) }
}

/// A 2D texture; deletes itself when released.
final class Texture {
    /// The GL texture object.
    let name = GL.createTexture()
    /// Size in texels.
    private(set) var width = 0, height = 0

    deinit { GL.deleteTexture(name) }

    /// Uploads 8-bit RGBA texels (`width·height·4` bytes, top row first as in images).
    func upload(rgba: [UInt8], width: Int, height: Int, filter: GL.Filter = .linear) {
        GL.defineTexture(name, format: .rgba8, width: width, height: height,
                         rgba: flippedRows(rgba, width: width, height: height), filter: filter)
        self.width = width; self.height = height
    }

    /// Allocates uninitialised storage of `format` (render-target attachments).
    func allocate(_ format: GL.TextureFormat, width: Int, height: Int) {
        GL.defineTexture(name, format: format, width: width, height: height, filter: .nearest)
        self.width = width; self.height = height
    }

    /// Binds it to texture unit `unit`.
    func bind(unit: Int) { GL.bindTexture(name, unit: unit) }
}

/// An off-screen framebuffer with a colour and a depth texture; deletes itself when released.
final class RenderTarget {
    /// The colour attachment (RGBA8).
    let color = Texture()
    /// The depth attachment (24-bit), sampled by the eye-dome lighting pass.
    let depth = Texture()
    /// The GL framebuffer object.
    let name: GL.Name
    /// Size in pixels.
    let width: Int, height: Int

    /// A `width`×`height` target.
    init(width: Int, height: Int) throws {
        self.width = width; self.height = height
        color.allocate(.rgba8, width: width, height: height)
        depth.allocate(.depth24, width: width, height: height)
        switch GL.createFramebuffer(color: color.name, depth: depth.name) {
        case .success(let framebuffer): name = framebuffer
        case .failure(let log): throw ViewerError.graphics("off-screen target \(width)x\(height): \(log.text)")
        }
    }

    deinit { GL.deleteFramebuffer(name) }

    /// Directs drawing into this target, covering all of it.
    func bind() {
        GL.bindFramebuffer(name)
        GL.viewport(width: width, height: height)
    }

    /// The colour as 8-bit RGBA rows, top row first.
    func readRGBA() -> [UInt8] {
        GL.bindFramebuffer(name)
        return flippedRows(GL.readPixels(width: width, height: height), width: width, height: height)
    }
}

/// RGBA rows in the opposite order (GL stores the bottom row first, images the top row).
private func flippedRows(_ rgba: [UInt8], width: Int, height: Int) -> [UInt8] {
    var flipped = [UInt8](repeating: 0, count: rgba.count)
    let rowBytes = width * 4
    for row in 0..<height {
        let source = (height - 1 - row) * rowBytes
        flipped[(row * rowBytes)..<((row + 1) * rowBytes)] = rgba[source..<(source + rowBytes)]
    }
    return flipped
}
