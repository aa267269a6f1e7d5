import Foundation
import Imaging

/// A fresh folder under the system's temporary folder for one test, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("packsfm-sequences-\(UUID().uuidString)", isDirectory: true)
            .appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

    /// Writes `text` to `name` (creating subfolders).
    @discardableResult
    func write(_ text: String, to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes an RGB PNG of the given size whose red channel is `shade` everywhere.
    @discardableResult
    func writeImage(_ name: String, width: Int = 8, height: Int = 6, shade: Float = 0.5) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        var image = Image(width: width, height: height, channels: 3)
        for y in 0..<height { for x in 0..<width { image[x, y, 0] = shade } }
        try PNG.write(image, to: file)
        return file
    }

    /// Writes a 16-bit TUM depth PNG (metres × 5000) filled with `metres`.
    @discardableResult
    func writeDepth(_ name: String, width: Int = 8, height: Int = 6, metres: Float) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try PNG.writeDepth(DepthMap(width: width, height: height, depths: Array(repeating: metres, count: width * height)), to: file)
        return file
    }
}
