import Foundation

/// A linked GLSL program built from `Shaders/<name>.vert` and `Shaders/<name>.frag`; deletes
/// itself when released.
final class ShaderProgram {
    /// The GL program object.
    let name: GL.Name
    private var locations: [String: Int32] = [:]

    /// Compiles and links the shipped shader pair `name` (e.g. `"points"`).
    convenience init(named name: String) throws {
        try self.init(
            label: name,
            vertexSource: try ShaderLibrary.source(of: "\(name).vert"),
            fragmentSource: try ShaderLibrary.source(of: "\(name).frag"))
    }

    /// Compiles and links a program from sources; `label` names it in errors.
    init(label: String, vertexSource: String, fragmentSource: String) throws {
        var shaders: [GL.Name] = []
        for (stage, source) in [(GL.ShaderStage.vertex, vertexSource), (.fragment, fragmentSource)] {
            switch GL.compileShader(stage, source: source) {
            case .success(let shader): shaders.append(shader)
            case .failure(let log):
                throw ShaderError.compile(program: label, stage: stage.rawValue, log: log.text, source: source)
            }
        }
        switch GL.linkProgram(shaders) {
        case .success(let program): self.name = program
        case .failure(let log): throw ShaderError.link(program: label, log: log.text)
        }
    }

    deinit { GL.deleteProgram(name) }

    /// Makes this program current.
    func use() { GL.useProgram(name) }

    /// The location of uniform `uniform` (cached; −1 when unused by the shaders).
    func location(_ uniform: String) -> Int32 {
        if let known = locations[uniform] { return known }
        let found = GL.uniformLocation(name, uniform)
        locations[uniform] = found
        return found
    }

    /// Sets an `int` or sampler uniform (the program must be current).
    func set(_ uniform: String, _ value: Int32) { GL.uniform(location(uniform), value) }
    /// Sets a `float` uniform (the program must be current).
    func set(_ uniform: String, _ value: Float) { GL.uniform(location(uniform), value) }
    /// Sets a `vec2` uniform (the program must be current).
    func set(_ uniform: String, _ value: SIMD2<Float>) { GL.uniform(location(uniform), value) }
    /// Sets a `vec3` uniform (the program must be current).
    func set(_ uniform: String, _ value: SIMD3<Float>) { GL.uniform(location(uniform), value) }
    /// Sets a `vec4` uniform (the program must be current).
    func set(_ uniform: String, _ value: SIMD4<Float>) { GL.uniform(location(uniform), value) }
    /// Sets a `mat4` uniform (the program must be current).
    func set(_ uniform: String, _ value: Matrix4) { GL.uniform(location(uniform), matrix: value.columnMajor) }
}

/// A shader that failed to compile or link.
public enum ShaderError: Error, CustomStringConvertible {
    /// A stage failed to compile: the compiler's log and the numbered source.
    case compile(program: String, stage: String, log: String, source: String)
    /// The stages compiled but did not link.
    case link(program: String, log: String)

    public var description: String {
        switch self {
        case .compile(let program, let stage, let log, let source):
            let numbered = source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { String(format: "%4d  ", $0.offset + 1) + $0.element }.joined(separator: "\n")
            return "shader '\(program)': the \(stage) stage failed to compile:\n\(log)\n\(numbered)"
        case .link(let program, let log):
            return "shader '\(program)': linking failed:\n\(log)"
        }
    }
}

/// The GLSL sources shipped in the top-level `Shaders/` folder (a package resource).
public enum ShaderLibrary {
    /// The folder holding the shipped shaders.
    public static var folder: URL { Bundle.module.resourceURL!.appendingPathComponent("Shaders") }

    /// The file names of every shipped shader stage (`points.vert`, …), sorted.
    public static var fileNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".vert") || $0.hasSuffix(".frag") }.sorted()
    }

    /// The text of shader file `fileName`.
    public static func source(of fileName: String) throws -> String {
        let url = folder.appendingPathComponent(fileName)
        do { return try String(contentsOf: url, encoding: .utf8) } catch {
            throw ViewerError.unreadableFile(url, reason: "cannot read shader source")
        }
    }
}
