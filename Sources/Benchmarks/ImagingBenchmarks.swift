import Foundation
import Geometry
import Imaging

/// PNG coding and resizing at the sizes a reconstruction handles per frame (640x480).
let imagingBenchmarks = BenchmarkSection(name: "imaging") { table in
    var generator = SplitMix64(seed: 1)
    // A smooth image with noise, so compression has realistic work to do.
    let (width, height) = (640, 480)
    var pixels = [Float](repeating: 0, count: width * height * 3)
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<3 {
                let base = 0.5 + 0.4 * sin(Float(x) / 37 + Float(c)) * cos(Float(y) / 23)
                pixels[(y * width + x) * 3 + c] = base + generator.nextFloat(in: -0.02...0.02)
            }
        }
    }
    let image = Image(width: width, height: height, channels: 3, pixels: pixels)
    let depth = DepthMap(width: width, height: height, depths: (0..<width * height).map { i in
        i % 97 == 0 ? 0 : 1 + 3 * Float(i % width) / Float(width) + generator.nextFloat(in: 0...0.01)
    })
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-bench-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    let encoded = try! PNG.encode(image, file: "bench.png")
    table.add("PNG encode 640x480 RGB 8-bit", "KiB", String(encoded.count / 1024))
    let encodeTime = measureSeconds { _ = try! PNG.encode(image, file: "bench.png") }
    table.add("PNG encode 640x480 RGB 8-bit", "ms", String(format: "%.1f", encodeTime * 1000))
    let decodeTime = measureSeconds { _ = try! PNG.decode(encoded, file: "bench.png") }
    table.add("PNG decode 640x480 RGB 8-bit", "ms", String(format: "%.1f", decodeTime * 1000))
    let depthURL = folder.appendingPathComponent("depth.png")
    let writeDepthTime = measureSeconds { try! PNG.writeDepth(depth, to: depthURL) }
    table.add("PNG writeDepth 640x480 16-bit", "ms", String(format: "%.1f", writeDepthTime * 1000))
    let depthBytes = (try? FileManager.default.attributesOfItem(atPath: depthURL.path)[.size] as? Int) ?? 0
    table.add("PNG writeDepth 640x480 16-bit", "KiB", String(depthBytes / 1024))
    let readDepthTime = measureSeconds { _ = try! PNG.readDepth(depthURL) }
    table.add("PNG readDepth 640x480 16-bit", "ms", String(format: "%.1f", readDepthTime * 1000))
    for method in [ResizeMethod.bilinear, .area] {
        let time = measureSeconds { _ = image.resized(width: 320, height: 256, method: method) }
        table.add("resize 640x480x3 to 320x256 (\(method))", "ms", String(format: "%.2f", time * 1000))
    }
}
