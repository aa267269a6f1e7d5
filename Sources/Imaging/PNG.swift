import CPNG
import Foundation

/// A PNG file that could not be read or written.
public struct PNGError: Error, CustomStringConvertible, Equatable {
    /// The file's path.
    public let file: String
    /// What is wrong: "no such file", "not a PNG file", "truncated", "corrupt data (…)",
    /// "cannot create", ...
    public let problem: String

    /// An error about `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// "file: problem".
    public var description: String { "\(file): \(problem)" }
}

/// Reading and writing PNG files through libpng (the only file that talks to libpng).
///
/// Colour images map to ``Image`` with samples in [0, 1]: gray files give 1 channel, RGB 3,
/// RGBA 4. Palette files give RGB (RGBA when the palette has transparency); gray with alpha (or
/// with a transparent gray level) gives RGBA, its gray copied to red, green and blue. 8-bit
/// samples are divided by 255, 16-bit by 65535; no gamma conversion is ever applied.
///
/// Depth maps use the TUM RGB-D convention: 16-bit gray, metres × `scale`, 0 = invalid.
public enum PNG {
    /// Reads an 8- or 16-bit PNG image.
    public static func read(_ url: URL) throws -> Image {
        try decode(try contents(of: url), file: url.path)
    }

    /// Decodes a PNG file held in memory; `file` names it in errors.
    public static func decode(_ data: Data, file: String) throws -> Image {
        let decoded = try decodeRaw(data, file: file, expand: true)
        let count = Int(decoded.width) * Int(decoded.height) * Int(decoded.channels)
        let pixels = [Float](unsafeUninitializedCapacity: count) { samples, initialized in
            if decoded.bitDepth == 16 {
                for i in 0..<count { samples[i] = Float(bigEndianSample(decoded.pixels, i)) / 65535 }
            } else {
                for i in 0..<count { samples[i] = Float(decoded.pixels[i]) / 255 }
            }
            initialized = count
        }
        packsfm_png_free(decoded.pixels)
        return Image(width: Int(decoded.width), height: Int(decoded.height), channels: Int(decoded.channels), pixels: pixels)
    }

    /// Writes `image` (1, 3 or 4 channels) as an 8-bit PNG: samples clamped to [0, 1], scaled by
    /// 255 and rounded; NaN becomes 0. The file appears complete or not at all (it is written
    /// under a temporary name in the same folder, then renamed).
    public static func write(_ image: Image, to url: URL) throws {
        try writeAtomically(try encode(image, file: url.path), to: url)
    }

    /// Encodes `image` as an 8-bit PNG in memory (see ``write(_:to:)``); `file` names it in errors.
    public static func encode(_ image: Image, file: String) throws -> Data {
        precondition([1, 3, 4].contains(image.channels), "PNG.encode: \(image.channels) channels (1, 3 or 4 supported)")
        let bytes = image.pixels.map { value -> UInt8 in
            value.isNaN ? 0 : UInt8((min(max(value, 0), 1) * 255).rounded())
        }
        return try encodeRaw(bytes, width: image.width, height: image.height, channels: image.channels, bitDepth: 8, file: file)
    }

    /// Reads a 16-bit gray depth PNG: stored value / `scale` metres, 0 stays 0 (invalid).
    /// Any other kind of PNG is an error.
    public static func readDepth(_ url: URL, scale: Double = 5000) throws -> DepthMap {
        let data = try contents(of: url)
        let decoded = try decodeRaw(data, file: url.path, expand: false)
        let count = Int(decoded.width) * Int(decoded.height)
        let depths = [Float](unsafeUninitializedCapacity: count) { values, initialized in
            for i in 0..<count { values[i] = Float(Double(bigEndianSample(decoded.pixels, i)) / scale) }
            initialized = count
        }
        packsfm_png_free(decoded.pixels)
        return DepthMap(width: Int(decoded.width), height: Int(decoded.height), depths: depths)
    }

    /// Writes a 16-bit gray depth PNG: metres × `scale`, rounded and clamped to 65535;
    /// non-finite, negative and zero depths are stored as 0 (invalid). Temporary name, then rename.
    public static func writeDepth(_ depth: DepthMap, to url: URL, scale: Double = 5000) throws {
        var bytes = [UInt8](repeating: 0, count: depth.depths.count * 2)
        for (i, metres) in depth.depths.enumerated() {
            let scaled = Double(metres) * scale
            let stored: UInt16 = scaled.isFinite && scaled > 0 ? UInt16(min(scaled.rounded(), 65535)) : 0
            bytes[2 * i] = UInt8(stored >> 8)
            bytes[2 * i + 1] = UInt8(stored & 0xFF)
        }
        let data = try encodeRaw(bytes, width: depth.width, height: depth.height, channels: 1, bitDepth: 16, file: url.path)
        try writeAtomically(data, to: url)
    }

    // MARK: - libpng calls

    private static func contents(of url: URL) throws -> Data {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw PNGError(file: url.path, problem: exists ? "cannot read" : "no such file")
        }
        return data
    }

    /// The 16-bit big-endian sample at `index` of a decoded buffer.
    private static func bigEndianSample(_ bytes: UnsafeMutablePointer<UInt8>, _ index: Int) -> UInt16 {
        UInt16(bytes[2 * index]) << 8 | UInt16(bytes[2 * index + 1])
    }

    /// Decodes with libpng; the result's `pixels` must be released with `packsfm_png_free`.
    private static func decodeRaw(_ data: Data, file: String, expand: Bool) throws -> PackSfMPNGDecoded {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard data.count >= signature.count, data.prefix(signature.count).elementsEqual(signature) else {
            throw PNGError(file: file, problem: data.isEmpty ? "not a PNG file (empty)" : "not a PNG file")
        }
        var state = PackSfMPNGState()
        var decoded = PackSfMPNGDecoded()
        let status = data.withUnsafeBytes { bytes in
            state.input = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            state.inputSize = bytes.count
            return packsfm_png_decode(&state, expand ? 1 : 0, &decoded)
        }
        switch status {
        case PACKSFM_PNG_OK:
            return decoded
        case PACKSFM_PNG_NOT_GRAY16:
            throw PNGError(file: file, problem: "not a 16-bit gray depth PNG (it is \(decoded.fileBitDepth)-bit \(colorTypeName(decoded.fileColorType)))")
        default:
            let text = message(of: &state)
            throw PNGError(file: file, problem: text == PACKSFM_PNG_TRUNCATED ? "truncated" : "corrupt data (\(text))")
        }
    }

    private static func encodeRaw(_ bytes: [UInt8], width: Int, height: Int, channels: Int, bitDepth: Int32, file: String) throws -> Data {
        precondition(width > 0 && height > 0, "PNG.encode: empty image \(width)x\(height)")
        var state = PackSfMPNGState()
        let status = packsfm_png_encode(&state, bytes, UInt32(width), UInt32(height), Int32(channels), bitDepth)
        defer { packsfm_png_free(state.output) }
        guard status == PACKSFM_PNG_OK else {
            throw PNGError(file: file, problem: "cannot encode (\(message(of: &state)))")
        }
        return Data(bytes: state.output, count: state.outputSize)
    }

    private static func message(of state: inout PackSfMPNGState) -> String {
        withUnsafeBytes(of: &state.message) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
    }

    private static func colorTypeName(_ colorType: Int32) -> String {
        switch colorType {
        case 0: "gray"
        case 2: "RGB"
        case 3: "palette"
        case 4: "gray+alpha"
        case 6: "RGBA"
        default: "colour type \(colorType)"
        }
    }

    /// Writes `data` under a temporary name next to `url`, then renames it into place, so a
    /// reader never sees a half-written file.
    private static func writeAtomically(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try data.write(to: temporary)
        } catch {
            throw PNGError(file: url.path, problem: "cannot create (folder \(folder.path) missing or not writable)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw PNGError(file: url.path, problem: "cannot create (\(reason))")
        }
    }
}
