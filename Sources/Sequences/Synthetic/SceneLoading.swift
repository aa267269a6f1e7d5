import Foundation

extension Scene {
    /// Reads and validates a scene file; errors name the file, the JSON path and the problem.
    public static func load(_ url: URL) throws -> Scene {
        let file = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SceneError(file: file, path: "", problem: "cannot read the file (\(error.localizedDescription))")
        }
        let scene: Scene
        do { scene = try JSONDecoder().decode(Scene.self, from: data) } catch let error as DecodingError {
            throw SceneError(decoding: error, file: file)
        }
        try scene.validate(file: file)
        return scene
    }

    /// The scene as pretty, key-sorted JSON (what `load` reads back).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

extension SceneError {
    /// Translates Foundation's decoding error into a file / JSON path / problem message.
    init(decoding error: DecodingError, file: String) {
        func pathString(_ keys: [any CodingKey]) -> String {
            keys.reduce(into: "") { text, key in
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(file: file, path: pathString(context.codingPath), problem: "missing key \"\(key.stringValue)\"")
        case .typeMismatch(let type, let context):
            self.init(file: file, path: pathString(context.codingPath), problem: "expected \(Self.typeName(type)) (\(context.debugDescription))")
        case .valueNotFound(let type, let context):
            self.init(file: file, path: pathString(context.codingPath), problem: "expected \(Self.typeName(type)), found null")
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let problem = context.codingPath.isEmpty
                ? "not valid JSON (\(underlying ?? context.debugDescription))"
                : context.debugDescription
            self.init(file: file, path: pathString(context.codingPath), problem: problem)
        @unknown default:
            self.init(file: file, path: "", problem: "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is UInt64.Type: "an integer"
        case is SIMD2<Double>.Type: "an array of 2 numbers"
        case is SIMD3<Double>.Type: "an array of 3 numbers"
        default: "\(type)"
        }
    }
}
