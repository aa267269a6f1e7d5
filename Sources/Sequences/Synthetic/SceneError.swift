/// A scene file that cannot be used: names the file, the JSON path and the problem, e.g.
/// `kitchen.json: furniture[3].material: unknown material "marbel" (known: oak, tiles)`.
public struct SceneError: Error, Equatable, CustomStringConvertible {
    /// The file's name (or a label for scenes not read from a file).
    public var file: String
    /// Where in the JSON document, `furniture[3].material`; empty for the whole document.
    public var path: String
    /// What is wrong.
    public var problem: String

    /// An error from its parts.
    public init(file: String, path: String, problem: String) {
        self.file = file; self.path = path; self.problem = problem
    }

    public var description: String { path.isEmpty ? "\(file): \(problem)" : "\(file): \(path): \(problem)" }
}
