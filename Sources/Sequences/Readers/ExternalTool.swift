import Foundation

/// An executable found on a search path (ffmpeg, ffprobe), run with Foundation's `Process`.
struct ExternalTool: Sendable {
    /// Where it was found.
    let url: URL

    /// The folders of the `PATH` environment variable, in order.
    static var environmentSearchPath: [URL] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0), isDirectory: true) }
    }

    /// The first executable file called `name` in `searchPath`, or `nil`.
    static func find(_ name: String, in searchPath: [URL]) -> ExternalTool? {
        for folder in searchPath {
            let candidate = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return ExternalTool(url: candidate)
            }
        }
        return nil
    }

    /// The outcome of one run.
    struct Outcome {
        /// The exit status.
        let status: Int32
        /// What the tool wrote to standard output and standard error.
        let standardOutput: String, standardError: String
    }

    /// Runs the tool with `arguments` and waits; output goes through temporary files so that a
    /// chatty tool can never block on a full pipe.
    func run(_ arguments: [String]) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputURL = scratch.appendingPathComponent("stdout"), errorURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)
        defer { try? output.close(); try? error.close() }
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       standardOutput: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
                       standardError: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }
}
