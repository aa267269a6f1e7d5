/// Why a PLY file could not be read or written; `description` names the file and the problem.
public struct PLYError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Problem: Equatable, Sendable {
        /// The data does not start with the line `ply`.
        case notPLY
        /// Header line `number` (1-based) could not be understood, for `reason`.
        case badHeaderLine(number: Int, line: String, reason: String)
        /// The data ends before an `end_header` line.
        case missingHeaderEnd
        /// The header has no `format` line.
        case missingFormat
        /// A `format` other than `ascii 1.0` or `binary_little_endian 1.0`.
        case unsupportedFormat(String)
        /// The header declares no `vertex` element.
        case missingVertexElement
        /// The vertex element lacks a required property (`x`, `y` or `z`).
        case missingProperty(String)
        /// The vertex element has a list property, which a point cloud cannot hold.
        case vertexListProperty(String)
        /// The body is shorter than the header promises.
        case truncated(String)
        /// An ascii token is not a number.
        case badValue(token: String, property: String, vertex: Int)
        /// The file system refused to read or write the file.
        case fileSystem(String)
    }

    /// The file (or the name given to in-memory data).
    public let path: String
    /// What went wrong.
    public let problem: Problem

    /// An error about `path`.
    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        let what: String
        switch problem {
        case .notPLY: what = "not a PLY file (it does not start with the line 'ply')"
        case let .badHeaderLine(number, line, reason): what = "bad header line \(number) '\(line)': \(reason)"
        case .missingHeaderEnd: what = "the header has no 'end_header' line"
        case .missingFormat: what = "the header has no 'format' line"
        case let .unsupportedFormat(format):
            what = "unsupported format \"\(format)\" (readable: ascii 1.0, binary_little_endian 1.0)"
        case .missingVertexElement: what = "the header declares no 'element vertex'"
        case let .missingProperty(name): what = "the vertex element has no property '\(name)'"
        case let .vertexListProperty(name): what = "the vertex element has a list property '\(name)', which a point cloud cannot hold"
        case let .truncated(detail): what = "truncated: \(detail)"
        case let .badValue(token, property, vertex): what = "bad ascii value '\(token)' for property '\(property)' of vertex \(vertex)"
        case let .fileSystem(detail): what = detail
        }
        return "\(path): \(what)"
    }
}
