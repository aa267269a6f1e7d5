import Foundation
import Geometry
import Imaging
import Testing

/// A fresh folder under the system temporary folder, removed by the caller.
func makeScratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-imaging-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// An image whose samples are random multiples of 1/255.
func randomImage(width: Int, height: Int, channels: Int, seed: UInt64) -> Image {
    var generator = SplitMix64(seed: seed)
    let pixels = (0..<width * height * channels).map { _ in Float(generator.next() % 256) / 255 }
    return Image(width: width, height: height, channels: channels, pixels: pixels)
}

/// Runs `body` and returns the PNGError it throws (nil when it throws nothing or another error).
func pngError(_ body: () throws -> Void) -> PNGError? {
    do { try body() } catch let error as PNGError { return error } catch { return nil }
    return nil
}

@Suite struct PNGTests {
    @Test(arguments: [1, 3, 4])
    func eightBitImagesRoundTripExactly(channels: Int) throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = randomImage(width: 37, height: 23, channels: channels, seed: UInt64(channels))
        let url = folder.appendingPathComponent("image.png")
        try PNG.write(image, to: url)
        #expect(try PNG.read(url) == image)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["image.png"])
    }

    @Test func writeClampsAndRoundsSamples() throws {
        let image = Image(width: 6, height: 1, channels: 1, pixels: [-0.5, 0.5, 2, .nan, .infinity, 0.1])
        let decoded = try PNG.decode(try PNG.encode(image, file: "clamp.png"), file: "clamp.png")
        #expect(decoded.pixels.map { Int(($0 * 255).rounded()) } == [0, 128, 255, 0, 255, 26])
    }

    @Test func depthRoundTripsEveryStoredValueExactly() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Every 16-bit value once: 256 x 256 pixels.
        let depths = (0..<65536).map { Float(Double($0) / 5000) }
        let depth = DepthMap(width: 256, height: 256, depths: depths)
        let url = folder.appendingPathComponent("depth.png")
        try PNG.writeDepth(depth, to: url)
        let read = try PNG.readDepth(url)
        #expect(read == depth)
        // Read as an image, the same file is 16-bit gray: stored value / 65535.
        let image = try PNG.read(url)
        #expect(image.channels == 1)
        #expect(image.pixels.enumerated().allSatisfy { Int(($1 * 65535).rounded()) == $0 })
    }

    @Test func depthWriteRoundsClampsAndInvalidates() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let depth = DepthMap(width: 7, height: 1, depths: [1.00005, -1, .nan, .infinity, 100, 0, 0.0001])
        let url = folder.appendingPathComponent("depth.png")
        try PNG.writeDepth(depth, to: url, scale: 1000)
        let stored = try PNG.readDepth(url, scale: 1).depths
        #expect(stored == [1000, 0, 0, 0, 65535, 0, 0])
    }

    @Test(arguments: PNGFixtures.all)
    func decodesFixture(_ fixture: PNGFixture) throws {
        let image = try PNG.decode(fixture.data, file: fixture.name)
        #expect(image.width == fixture.width && image.height == fixture.height && image.channels == fixture.channels)
        #expect(image.pixels == fixture.samples.map { Float($0) / fixture.maximum })
    }

    @Test func readDepthRejectsOtherKindsOfPNG() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("rgb.png")
        try PNG.write(randomImage(width: 4, height: 4, channels: 3, seed: 1), to: url)
        let error = pngError { _ = try PNG.readDepth(url) }
        #expect(error?.description == "\(url.path): not a 16-bit gray depth PNG (it is 8-bit RGB)")
        let paletteURL = folder.appendingPathComponent("palette.png")
        try PNGFixtures.palette.data.write(to: paletteURL)
        #expect(pngError { _ = try PNG.readDepth(paletteURL) }?.problem == "not a 16-bit gray depth PNG (it is 8-bit palette)")
    }

    @Test func missingEmptyAndTextFilesNameTheFile() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.png")
        #expect(pngError { _ = try PNG.read(missing) }?.description == "\(missing.path): no such file")
        let empty = folder.appendingPathComponent("empty.png")
        try Data().write(to: empty)
        #expect(pngError { _ = try PNG.read(empty) }?.description == "\(empty.path): not a PNG file (empty)")
        let text = folder.appendingPathComponent("notes.png")
        try Data("these are notes, not pixels\n".utf8).write(to: text)
        #expect(pngError { _ = try PNG.read(text) }?.description == "\(text.path): not a PNG file")
        #expect(pngError { _ = try PNG.readDepth(text) }?.description == "\(text.path): not a PNG file")
        #expect(pngError { _ = try PNG.read(folder) }?.description == "\(folder.path): cannot read")
    }

    @Test func writeIntoMissingFolderFailsWithoutLeavingFiles() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("no/such/folder/image.png")
        let error = pngError { try PNG.write(randomImage(width: 2, height: 2, channels: 3, seed: 2), to: url) }
        #expect(error?.description == "\(url.path): cannot create (folder \(url.deletingLastPathComponent().path) missing or not writable)")
        let depthError = pngError { try PNG.writeDepth(DepthMap(width: 1, height: 1, depths: [1]), to: url) }
        #expect(depthError?.problem.hasPrefix("cannot create") == true)
    }

    @Test func writeReplacesAnExistingFile() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("image.png")
        try PNG.write(randomImage(width: 3, height: 3, channels: 1, seed: 3), to: url)
        let second = randomImage(width: 5, height: 2, channels: 4, seed: 4)
        try PNG.write(second, to: url)
        #expect(try PNG.read(url) == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["image.png"])
    }

    @Test func truncatedFilesFailCleanlyAtEveryLength() throws {
        let data = try PNG.encode(randomImage(width: 19, height: 11, channels: 3, seed: 5), file: "t.png")
        for length in 0..<data.count {
            let error = pngError { _ = try PNG.decode(data.prefix(length), file: "cut.png") }
            #expect(error?.file == "cut.png", "length \(length)")
            let expected = length == 0 ? "not a PNG file (empty)" : length < 8 ? "not a PNG file" : "truncated"
            #expect(error?.problem == expected, "length \(length)")
        }
    }

    @Test func truncatedDepthFilesFailCleanly() throws {
        let depth = DepthMap(width: 9, height: 7, depths: (0..<63).map { Float($0) * 0.1 })
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("depth.png")
        try PNG.writeDepth(depth, to: url)
        let data = try Data(contentsOf: url)
        for length in stride(from: 8, to: data.count, by: 3) {
            try data.prefix(length).write(to: url)
            #expect(pngError { _ = try PNG.readDepth(url) } == PNGError(file: url.path, problem: "truncated"), "length \(length)")
        }
    }

    /// Flipping any byte after the signature is caught (CRCs, zlib checksums) or, in the few
    /// places where a change is harmless, still gives an image of the right shape.
    @Test(arguments: [UInt8(0x01), 0x80, 0xFF])
    func flippedBytesNeverCrash(mask: UInt8) throws {
        let image = randomImage(width: 13, height: 9, channels: 4, seed: 6)
        let data = try PNG.encode(image, file: "f.png")
        var failures = 0
        for position in 0..<data.count {
            var damaged = data
            damaged[position] ^= mask
            do {
                let decoded = try PNG.decode(damaged, file: "flipped.png")
                #expect(decoded.width * decoded.height * decoded.channels == decoded.pixels.count)
            } catch let error as PNGError {
                failures += 1
                #expect(error.file == "flipped.png")
                let problem = error.problem
                #expect(problem == "not a PNG file" || problem == "truncated" || problem.hasPrefix("corrupt data ("), "\(problem)")
            }
        }
        #expect(failures >= data.count - 4, "only \(failures) of \(data.count) damaged files were rejected")
    }
}
