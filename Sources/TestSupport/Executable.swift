import Foundation

/// Runs a built product of this package (for end-to-end command tests).
public enum Executable {
    /// The folder that holds the test bundle and the package's built executables.
    public static var productsDirectory: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory
    }

    /// The outcome of one run.
    public struct Outcome: Sendable {
        /// The exit status.
        public let status: Int32
        /// Everything written to standard output and standard error.
        public let standardOutput: String, standardError: String
    }

    /// Runs `name` from ``productsDirectory`` with `arguments`, waits, and captures its output
    /// (through temporary files, so a chatty child can never block on a full pipe).
    public static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(name)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       standardOutput: try String(contentsOf: outURL, encoding: .utf8),
                       standardError: try String(contentsOf: errURL, encoding: .utf8))
    }
}
