import Foundation
import Geometry
import Imaging
import Testing
import TestSupport

@Suite struct DepthCommandTests {
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("depth-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A picture with some structure: a gradient and a bright square.
    func picture(width: Int, height: Int) -> Image {
        var image = Image(width: width, height: height, channels: 3)
        for y in 0..<height {
            for x in 0..<width {
                let inSquare = x > width / 3 && x < width / 2 && y > height / 3 && y < 2 * height / 3
                image[x, y, 0] = inSquare ? 0.9 : Float(x) / Float(width)
                image[x, y, 1] = inSquare ? 0.9 : Float(y) / Float(height)
                image[x, y, 2] = 0.4
            }
        }
        return image
    }

    /// The shape and values of a .npy file, parsed here independently of the library's reader.
    func parseNumpy(_ url: URL) throws -> (shape: [Int], values: [Float]) {
        let bytes = [UInt8](try Data(contentsOf: url))
        #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"))
        let shapeText = header.components(separatedBy: "'shape': (")[1].components(separatedBy: ")")[0]
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let values = stride(from: 10 + headerLength, to: bytes.count, by: 4).map { offset in
            Float(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
        }
        return (shape, values)
    }

    @Test func writesDepthArraysAndPicturesAtEachImagesSize() throws {
        let folder = try scratch()
        let sizes = [(70, 45), (40, 52)]
        var inputs: [String] = []
        for (index, size) in sizes.enumerated() {
            let file = folder.appendingPathComponent("frame\(index).png")
            try PNG.write(picture(width: size.0, height: size.1), to: file)
            inputs.append(file.path)
        }
        let out = folder.appendingPathComponent("out")
        let outcome = try Executable.run("packsfm", ["depth"] + inputs + ["--out", out.path, "--depth-png", "--refine", "guided"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("2/2 images"))
        for (index, size) in sizes.enumerated() {
            let (shape, values) = try parseNumpy(out.appendingPathComponent("frame\(index).npy"))
            #expect(shape == [size.1, size.0] && values.count == size.0 * size.1)
            #expect(values.allSatisfy { $0 >= 0.09 && $0 <= 20.1 })
            let colours = try PNG.read(out.appendingPathComponent("frame\(index).png"))
            #expect(colours.width == size.0 && colours.height == size.1 + 22 && colours.channels == 3)
            let depth = try PNG.readDepth(out.appendingPathComponent("frame\(index).depth.png"))
            #expect(depth.width == size.0 && depth.height == size.1)
            // 16-bit PNG depth: metres × 5000 rounded, at most 65535 / 5000 m.
            #expect(zip(depth.depths, values).allSatisfy { abs($0 - min($1, 65535 / 5000)) <= 1.1e-4 })
            #expect(outcome.standardOutput.contains("frame\(index).png: \(size.0)x\(size.1), depth "))
        }
    }

    /// `--mirror-average` gives a different depth map of the same size, mirror-symmetric for a
    /// mirror-symmetric picture.
    @Test func mirrorAveragingChangesTheDepthAndIsSymmetric() throws {
        let folder = try scratch()
        var symmetric = picture(width: 64, height: 48)
        for y in 0..<48 { for x in 32..<64 { for c in 0..<3 { symmetric[x, y, c] = symmetric[63 - x, y, c] } } }
        let file = folder.appendingPathComponent("symmetric.png")
        try PNG.write(symmetric, to: file)
        let plainOut = folder.appendingPathComponent("plain"), averagedOut = folder.appendingPathComponent("averaged")
        let plain = try Executable.run("packsfm", ["depth", file.path, "--out", plainOut.path])
        let averaged = try Executable.run("packsfm", ["depth", file.path, "--out", averagedOut.path, "--mirror-average"])
        #expect(plain.status == 0 && averaged.status == 0, "\(plain.standardError) \(averaged.standardError)")
        let plainDepth = try parseNumpy(plainOut.appendingPathComponent("symmetric.npy"))
        let averagedDepth = try parseNumpy(averagedOut.appendingPathComponent("symmetric.npy"))
        #expect(averagedDepth.shape == [48, 64] && averagedDepth.values != plainDepth.values)
        func asymmetry(_ values: [Float]) -> Float {
            var largest: Float = 0
            for y in 0..<48 {
                for x in 0..<32 { largest = max(largest, abs(values[y * 64 + x] - values[y * 64 + 63 - x])) }
            }
            return largest
        }
        #expect(asymmetry(averagedDepth.values) < 1e-3 * averagedDepth.values.max()!)
        #expect(asymmetry(plainDepth.values) > asymmetry(averagedDepth.values))
    }

    @Test func anUnreadableImageIsNamedAndNothingIsWritten() throws {
        let folder = try scratch()
        let good = folder.appendingPathComponent("good.png"), bad = folder.appendingPathComponent("broken.png")
        try PNG.write(picture(width: 32, height: 32), to: good)
        try Data("not a png".utf8).write(to: bad)
        let out = folder.appendingPathComponent("out")
        let outcome = try Executable.run("packsfm", ["depth", good.path, bad.path, "--out", out.path])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("\(bad.path): "), "\(outcome.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let missing = folder.appendingPathComponent("missing.png")
        let absent = try Executable.run("packsfm", ["depth", missing.path, "--out", out.path])
        #expect(absent.status != 0 && absent.standardError.contains(missing.path))
    }

    @Test func clashingOutputNamesAndBadOptionsAreExplained() throws {
        let clash = try Executable.run("packsfm", ["depth", "a/x.png", "b/x.png", "--out", "/tmp/unused"])
        #expect(clash.status != 0 && clash.standardError.contains("a/x.png and b/x.png would both write x.npy"))
        let refine = try Executable.run("packsfm", ["depth", "a.png", "--out", "/tmp/unused", "--refine", "crf"])
        #expect(refine.status != 0 && refine.standardError.contains("crf"))
        let weights = try Executable.run("packsfm", ["eval-depth", "--weights", "/nonexistent/w.safetensors", "--frames", "3"])
        #expect(weights.status != 0 && weights.standardError.contains("/nonexistent/w.safetensors: no such weights file"))
    }

    @Test func helpHasExamples() throws {
        let depth = try Executable.run("packsfm", ["depth", "--help"])
        #expect(depth.status == 0 && depth.standardOutput.contains("packsfm depth photo.png --out /tmp/depth"))
        let evaluation = try Executable.run("packsfm", ["eval-depth", "--help"])
        #expect(evaluation.status == 0 && evaluation.standardOutput.contains("packsfm eval-depth --refine guided --json"))
    }
}
