import Foundation
import Imaging
import Testing

/// Golden-image comparison: an image must match `Snapshots/<name>.png` within `tolerance` per
/// channel (in 8-bit steps) on all but `outlierFraction` of the pixels, which absorbs the
/// rasterisation differences between GL drivers. `RECORD_SNAPSHOTS=1` rewrites the files instead.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// Compares (or records) `image`; returns a failure description, or nil on a match.
    static func mismatch(_ image: Image, named name: String, tolerance: Float = 12, outlierFraction: Double = 0.01) throws -> String? {
        let url = folder.appendingPathComponent("\(name).png")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try PNG.write(image, to: url)
            return nil
        }
        let expected = try PNG.read(url)
        guard expected.width == image.width, expected.height == image.height else {
            return "\(name): size \(image.width)x\(image.height) vs snapshot \(expected.width)x\(expected.height)"
        }
        var outliers = 0, worst: Float = 0
        for pixel in 0..<(image.width * image.height) {
            var difference: Float = 0
            for channel in 0..<3 {
                let actual = image.pixels[pixel * image.channels + channel]
                let wanted = expected.pixels[pixel * expected.channels + min(channel, expected.channels - 1)]
                difference = max(difference, abs(actual - wanted) * 255)
            }
            worst = max(worst, difference)
            if difference > tolerance { outliers += 1 }
        }
        guard Double(outliers) > outlierFraction * Double(image.width * image.height) else { return nil }
        let actualURL = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-actual.png")
        try PNG.write(image, to: actualURL)
        return "\(name): \(outliers) pixels differ by more than \(tolerance) (worst \(worst)); actual image at \(actualURL.path)"
    }
}
