import Foundation

/// The size of a PNG image, read from its first 24 bytes (signature and IHDR chunk) without
/// decoding it: cheap enough to check every image of a folder when it is opened.
public struct PNGHeader: Equatable, Sendable {
    /// Size in pixels.
    public let width: Int, height: Int

    /// The eight bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Parses the start of a PNG file: signature, IHDR length (13), "IHDR", big-endian width and
    /// height. `file` only names the source in errors.
    public init(bytes: [UInt8], file: URL) throws {
        guard bytes.count >= 24 else {
            throw SequenceReaderError.notPNG(file, reason: "only \(bytes.count) bytes, a PNG header needs 24")
        }
        guard Array(bytes[0..<8]) == PNGHeader.signature else {
            throw SequenceReaderError.notPNG(file, reason: "the first 8 bytes are not the PNG signature")
        }
        guard Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw SequenceReaderError.notPNG(file, reason: "the first chunk is not IHDR")
        }
        func bigEndian(_ offset: Int) -> Int {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        width = bigEndian(16); height = bigEndian(20)
        guard width > 0 && height > 0 else {
            throw SequenceReaderError.notPNG(file, reason: "IHDR gives a size of \(width)x\(height)")
        }
    }

    /// Reads the header of the PNG file at `url`.
    public init(contentsOf url: URL) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw SequenceReaderError.notFound(url)
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: 24) ?? Data()
        try self.init(bytes: [UInt8](data), file: url)
    }
}
