import Foundation

/// A TUM RGB-D file list (`rgb.txt`, `depth.txt`): one `timestamp filename` per line, `#`
/// comment lines and blank lines ignored, file names relative to the dataset folder.
public struct TUMFileList: Equatable, Sendable {
    /// One listed file.
    public struct Entry: Equatable, Sendable {
        /// Seconds.
        public var timestamp: Double
        /// The file name as written (relative to the dataset folder).
        public var path: String
        /// The 1-based line it came from, for error messages.
        public var line: Int
    }

    /// The entries in file order.
    public var entries: [Entry]

    /// Parses the text of a file list; `file` names it in errors.
    public init(parsing text: String, file: URL) throws {
        var entries: [Entry] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2, let timestamp = Double(fields[0]), timestamp.isFinite else {
                throw SequenceReaderError.unparsableLine(file: file, line: offset + 1,
                                                         expected: "'timestamp filename'", got: line)
            }
            entries.append(Entry(timestamp: timestamp, path: String(fields[1]), line: offset + 1))
        }
        self.entries = entries
    }

    /// Reads and parses the file list at `url`; `needed` says, when it is missing, what it is for.
    public init(contentsOf url: URL, needed: String) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SequenceReaderError.missingFile(url, needed: needed)
        }
        try self.init(parsing: try String(contentsOf: url, encoding: .utf8), file: url)
    }
}
