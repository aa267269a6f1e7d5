import Foundation
import Imaging
import Testing
@testable import DepthModels

@Suite struct NumpyArrayTests {
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func headerIsVersion1PaddedTo64BytesWithTheShape() {
        let depth = DepthMap(width: 3, height: 2, depths: [1, 2.5, -0, 0.125, 1e-3, 7])
        let bytes = [UInt8](NumpyArray(depth).encoded())
        #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(header.hasSuffix(" \n"))
        #expect(bytes.count == 10 + headerLength + 6 * 4)
        // 2.5 = 0x40200000, little-endian, second value.
        #expect(Array(bytes[(10 + headerLength + 4)..<(10 + headerLength + 8)]) == [0x00, 0x00, 0x20, 0x40])
    }

    @Test(arguments: [[0], [5], [2, 3], [4, 1, 2]])
    func writtenFilesReadBack(shape: [Int]) throws {
        let count = shape.reduce(1, *)
        let array = NumpyArray(shape: shape, values: (0..<count).map { Float($0) * 0.37 - 1 })
        let file = try scratch().appendingPathComponent("a.npy")
        try array.write(to: file)
        #expect(try NumpyArray.read(file) == array)
        let bytes = [UInt8](array.encoded())
        let header = String(decoding: bytes[10..<(10 + (Int(bytes[8]) | Int(bytes[9]) << 8))], as: UTF8.self)
        #expect(header.contains(shape.count == 1 ? "'shape': (\(shape[0]),)" : "'shape': (\(shape.map(String.init).joined(separator: ", ")))"))
    }

    @Test func badFilesAreNamedWithTheProblem() throws {
        let folder = try scratch()
        let text = folder.appendingPathComponent("text.npy")
        try Data("hello world".utf8).write(to: text)
        #expect(throws: NumpyArrayError(file: text.path, problem: "not a .npy file (no \\x93NUMPY magic)")) { try NumpyArray.read(text) }

        // The same bytes with the dtype changed to '<f8' (byte 23 is the '4' of '<f4').
        var doubles = [UInt8](NumpyArray(shape: [2], values: [1, 2]).encoded())
        #expect(doubles[23] == UInt8(ascii: "4"))
        doubles[23] = UInt8(ascii: "8")
        let wrongType = folder.appendingPathComponent("f8.npy")
        try Data(doubles).write(to: wrongType)
        #expect(throws: NumpyArrayError.self) { try NumpyArray.read(wrongType) }
        do { _ = try NumpyArray.read(wrongType) } catch { #expect("\(error)".hasPrefix("\(wrongType.path): dtype is not little-endian float32")) }

        let truncated = folder.appendingPathComponent("short.npy")
        try NumpyArray(shape: [2, 2], values: [1, 2, 3, 4]).encoded().dropLast(4).write(to: truncated)
        #expect(throws: NumpyArrayError(file: truncated.path, problem: "shape [2, 2] needs 16 bytes of data, the file has 12")) {
            try NumpyArray.read(truncated)
        }
        let missing = folder.appendingPathComponent("missing.npy")
        #expect(throws: NumpyArrayError(file: missing.path, problem: "cannot read the file")) { try NumpyArray.read(missing) }
    }

    @Test func inverseDepthUpsamplingKeepsConstantsAndInterpolatesInverseDepth() {
        let flat = DepthMap(width: 2, height: 2, depths: [2, 2, 2, 2]).upsampledInInverseDepth(width: 5, height: 3)
        #expect(flat.width == 5 && flat.height == 3 && flat.depths.allSatisfy { abs($0 - 2) < 1e-6 })
        // Two columns at 1 m and 4 m: halfway between their centres the inverse depth is (1 + 0.25) / 2.
        let step = DepthMap(width: 2, height: 1, depths: [1, 4]).upsampledInInverseDepth(width: 4, height: 1)
        #expect(abs(step.depths[0] - 1) < 1e-6 && abs(step.depths[3] - 4) < 1e-6)
        #expect(abs(1 / step.depths[1] - (0.75 * 1 + 0.25 * 0.25)) < 1e-6)
    }
}
