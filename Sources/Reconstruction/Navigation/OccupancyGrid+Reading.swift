import Foundation
import Geometry

extension OccupancyGrid {
    /// The most cells a map file may describe (a 50 km² floor at 5 cm), so that a corrupt size
    /// in a header is reported instead of exhausting memory.
    public static let maximumFileCells = 20_000_000

    /// Reads a grid written by ``writeMapServerFiles(yaml:)``: the ROS `map_server` YAML at
    /// `yamlURL` and the binary PGM (P5) its `image` key names (relative to the YAML's folder).
    ///
    /// Required keys: `image`, `resolution` (> 0), `origin` (`[x, y, yaw]`, yaw 0), and the
    /// ``FloorFrame`` keys `floor_up`, `floor_height`, `floor_axis_x`, `floor_axis_y` (unit
    /// vectors, right-handed: `floor_axis_y = floor_up × floor_axis_x`, within 1e-3). Optional:
    /// `negate` (0 or 1, default 0), `occupied_thresh` (default 0.65) and `free_thresh`
    /// (default 0.196). Pixels are classified as `map_server`'s trinary mode does: with
    /// `p = (255 − value) / 255` (or `value / 255` when negated), `p > occupied_thresh` is
    /// occupied, `p < free_thresh` free, anything else unknown, so the writer's 254, 0 and 205
    /// come back as free, occupied and unknown. Lines are `key: value`; `#` starts a comment.
    ///
    /// Throws ``OccupancyGridFileError`` naming the file and the problem: a missing file, a
    /// missing or unparsable key, a bad PGM magic, size or maximum value, or too few or too many
    /// pixel bytes.
    public static func readMapServerFiles(yaml yamlURL: URL) throws -> OccupancyGrid {
        let keys = try MapServerYAML(url: yamlURL)
        let cellSize = try keys.number("resolution")
        guard cellSize > 0 else { throw keys.error("resolution \(cellSize) must be positive") }
        let origin = try keys.numbers("origin", count: 3)
        guard origin[2] == 0 else { throw keys.error("origin yaw \(origin[2]) is not supported (maps are written with yaw 0)") }
        let up = try keys.unitVector("floor_up"), axisX = try keys.unitVector("floor_axis_x"), axisY = try keys.unitVector("floor_axis_y")
        guard abs(dot(up, axisX)) < 1e-3, length(axisY - cross(up, axisX)) < 1e-3 else {
            throw keys.error("floor_up, floor_axis_x and floor_axis_y are not a right-handed orthonormal frame (floor_axis_y must be floor_up × floor_axis_x)")
        }
        var frame = FloorFrame(up: up, height: try keys.number("floor_height"), axisX: axisX)
        frame.axisY = axisY
        let negate = try keys.optionalNumber("negate") ?? 0
        guard negate == 0 || negate == 1 else { throw keys.error("negate \(negate) must be 0 or 1") }
        let occupiedThreshold = try keys.optionalNumber("occupied_thresh") ?? 0.65
        let freeThreshold = try keys.optionalNumber("free_thresh") ?? 0.196
        guard 0 <= freeThreshold, freeThreshold < occupiedThreshold, occupiedThreshold <= 1 else {
            throw keys.error("thresholds need 0 ≤ free_thresh < occupied_thresh ≤ 1, got \(freeThreshold) and \(occupiedThreshold)")
        }

        let imageName = try keys.string("image")
        let pgmURL = imageName.hasPrefix("/") ? URL(fileURLWithPath: imageName)
            : yamlURL.deletingLastPathComponent().appendingPathComponent(imageName)
        let image = try GrayImage(pgm: pgmURL)
        var cells = [CellState](repeating: .unknown, count: image.width * image.height)
        for row in 0..<image.height {
            for column in 0..<image.width {
                // Image row 0 is the grid's last row (+y at the top).
                let value = Double(image.pixels[(image.height - 1 - row) * image.width + column]) / 255
                let occupancy = negate == 1 ? value : 1 - value
                cells[row * image.width + column] = occupancy > occupiedThreshold ? .occupied : occupancy < freeThreshold ? .free : .unknown
            }
        }
        return OccupancyGrid(frame: frame, origin: SIMD2(origin[0], origin[1]), cellSize: cellSize,
                             width: image.width, height: image.height, cells: cells)
    }
}

/// The `key: value` lines of a `map_server` YAML file, with typed accessors whose errors name
/// the file and the key.
private struct MapServerYAML {
    let url: URL
    private var values: [String: String] = [:]

    init(url: URL) throws {
        self.url = url
        guard FileManager.default.fileExists(atPath: url.path) else { throw OccupancyGridFileError(file: url.path, problem: "file not found") }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw OccupancyGridFileError(file: url.path, problem: "cannot read as UTF-8 text")
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw OccupancyGridFileError(file: url.path, problem: "line \(index + 1): expected 'key: value', got '\(line)'")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            values[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    func error(_ problem: String) -> OccupancyGridFileError { OccupancyGridFileError(file: url.path, problem: problem) }

    func string(_ key: String) throws -> String {
        guard let value = values[key], !value.isEmpty else { throw error("missing key '\(key)'") }
        return value
    }

    func number(_ key: String) throws -> Double {
        let text = try string(key)
        guard let value = Double(text), value.isFinite else { throw error("\(key): expected a number, got '\(text)'") }
        return value
    }

    func optionalNumber(_ key: String) throws -> Double? { values[key] == nil ? nil : try number(key) }

    /// A flow sequence `[a, b, …]` of `count` finite numbers.
    func numbers(_ key: String, count: Int) throws -> [Double] {
        let text = try string(key)
        guard text.hasPrefix("["), text.hasSuffix("]") else { throw error("\(key): expected [\(count) numbers], got '\(text)'") }
        let parts = text.dropFirst().dropLast().split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == count, parts.allSatisfy({ $0?.isFinite == true }) else {
            throw error("\(key): expected [\(count) numbers], got '\(text)'")
        }
        return parts.map { $0! }
    }

    func unitVector(_ key: String) throws -> SIMD3<Double> {
        let parts = try numbers(key, count: 3)
        let vector = SIMD3(parts[0], parts[1], parts[2])
        guard abs(length(vector) - 1) < 1e-3 else { throw error("\(key): expected a unit vector, got length \(length(vector))") }
        return vector
    }
}

/// An 8-bit binary PGM (P5) image, read strictly: the header's size must match the pixel bytes.
private struct GrayImage {
    let width: Int, height: Int
    /// `width · height` values scaled to 0…255, row 0 at the top.
    let pixels: [UInt8]

    init(pgm url: URL) throws {
        func fail(_ problem: String) -> OccupancyGridFileError { OccupancyGridFileError(file: url.path, problem: problem) }
        guard FileManager.default.fileExists(atPath: url.path) else { throw fail("file not found") }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw fail("cannot read") }
        let bytes = [UInt8](data)
        var position = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        /// The next whitespace-separated header token, skipping `#` comments.
        func token() -> String? {
            while position < bytes.count {
                if isSpace(bytes[position]) {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count && bytes[position] != 0x0A { position += 1 }
                } else {
                    break
                }
            }
            let start = position
            while position < bytes.count && !isSpace(bytes[position]) && position - start < 20 { position += 1 }
            return start < position ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
        }
        guard token() == "P5" else { throw fail("not a binary PGM (expected magic 'P5')") }
        var header: [Int] = []
        for name in ["width", "height", "maximum value"] {
            let text = token()
            guard let text, let value = Int(text), value > 0 else { throw fail("header: expected a positive \(name), got '\(text ?? "end of file")'") }
            header.append(value)
        }
        let (width, height, maximum) = (header[0], header[1], header[2])
        guard maximum <= 255 else { throw fail("maximum value \(maximum): only 8-bit PGM (maximum ≤ 255) is supported") }
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, count <= OccupancyGrid.maximumFileCells else {
            throw fail("\(width)x\(height) pixels is more than \(OccupancyGrid.maximumFileCells) cells")
        }
        // One whitespace byte separates the header from the pixels.
        guard position < bytes.count, isSpace(bytes[position]) else { throw fail("truncated: no pixel data after the header") }
        position += 1
        let available = bytes.count - position
        guard available == count else {
            throw fail(available < count ? "truncated: \(width)x\(height) needs \(count) pixel bytes, found \(available)"
                                         : "\(available - count) bytes after the \(width)x\(height) pixels")
        }
        for value in bytes[position...] where Int(value) > maximum {
            throw fail("pixel value \(value) above the maximum value \(maximum)")
        }
        self.width = width; self.height = height
        pixels = maximum == 255 ? Array(bytes[position...]) : bytes[position...].map { UInt8((Int($0) * 255 + maximum / 2) / maximum) }
    }
}
