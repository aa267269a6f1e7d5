import Foundation
import Geometry

/// `intrinsics.txt` next to the images: `fx fy cx cy` in pixels on one line, at the images'
/// resolution; `#` comment lines and blank lines are ignored.
public enum IntrinsicsFile {
    /// The file name the readers look for.
    public static let name = "intrinsics.txt"

    /// Parses the text of an intrinsics file for images of `width` × `height` pixels; `file`
    /// names it in errors.
    public static func parse(_ text: String, file: URL, width: Int, height: Int) throws -> Intrinsics {
        var values: (line: Int, numbers: [Double])?
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let values {
                throw SequenceReaderError.invalidIntrinsics(
                    file: file, line: offset + 1,
                    reason: "expected one line 'fx fy cx cy', but line \(values.line) already gave them")
            }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            let numbers = fields.compactMap { Double($0) }.filter(\.isFinite)
            guard fields.count == 4, numbers.count == 4 else {
                throw SequenceReaderError.invalidIntrinsics(
                    file: file, line: offset + 1,
                    reason: "expected 4 numbers 'fx fy cx cy', got \(fields.count) field(s): '\(line)'")
            }
            values = (offset + 1, numbers)
        }
        guard let values else {
            throw SequenceReaderError.invalidIntrinsics(file: file, line: 1, reason: "expected a line 'fx fy cx cy', the file has none")
        }
        let numbers = values.numbers
        for (name, value) in zip(["fx", "fy"], numbers) where value <= 0 {
            throw SequenceReaderError.invalidIntrinsics(
                file: file, line: values.line, reason: "focal length \(name) = \(value) must be positive")
        }
        return Intrinsics(fx: numbers[0], fy: numbers[1], cx: numbers[2], cy: numbers[3], width: width, height: height)
    }

    /// Reads `folder/intrinsics.txt` if it exists.
    public static func read(in folder: URL, width: Int, height: Int) throws -> Intrinsics? {
        let file = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try parse(try String(contentsOf: file, encoding: .utf8), file: file, width: width, height: height)
    }
}
