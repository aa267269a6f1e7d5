import Foundation

/// The `path.txt` of a navigation map: one world point per line, `x y z` in metres.
public enum PathFile {
    /// Writes `points` with four decimals, one per line, atomically.
    public static func write(_ points: [SIMD3<Double>], to url: URL) throws {
        let text = points.map { String(format: "%.4f %.4f %.4f\n", $0.x, $0.y, $0.z) }.joined()
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw OccupancyGridFileError(file: url.path, problem: "cannot write (\(error.localizedDescription))")
        }
    }

    /// Reads the points of `url`; blank lines and `#` comments are skipped. Throws
    /// ``OccupancyGridFileError`` naming the file, and the line for one that is not three finite
    /// numbers.
    public static func read(_ url: URL) throws -> [SIMD3<Double>] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw OccupancyGridFileError(file: url.path, problem: "file not found") }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw OccupancyGridFileError(file: url.path, problem: "cannot read as UTF-8 text")
        }
        var points: [SIMD3<Double>] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let values = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { Double($0) }
            guard values.count == 3, let x = values[0], let y = values[1], let z = values[2], x.isFinite, y.isFinite, z.isFinite else {
                throw OccupancyGridFileError(file: url.path, problem: "line \(index + 1): expected three numbers 'x y z', got '\(line)'")
            }
            points.append(SIMD3(x, y, z))
        }
        return points
    }
}
