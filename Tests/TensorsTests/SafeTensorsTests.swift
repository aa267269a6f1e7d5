import Foundation
import Testing
@testable import Tensors

@Suite struct SafeTensorsTests {
    /// A fresh empty folder for one test.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The bytes of a safetensors file with the given header JSON and data section.
    static func file(header: String, data: [Float] = [], headerLength: UInt64? = nil) -> Data {
        var bytes = Data()
        let json = Array(header.utf8)
        withUnsafeBytes(of: (headerLength ?? UInt64(json.count)).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        data.withUnsafeBufferPointer { bytes.append($0) }
        return bytes
    }

    /// The error thrown when reading `bytes` as a file named `name`.
    static func readError(_ bytes: Data, name: String = "weights.safetensors") -> String {
        let url = temporaryFolder().appendingPathComponent(name)
        try! bytes.write(to: url)
        do {
            _ = try SafeTensors.read(url)
            return "no error"
        } catch {
            return "\(error)".replacingOccurrences(of: url.path, with: name)
        }
    }

    @Test func writtenFilesReadBackWithMetadata() throws {
        let url = Self.temporaryFolder().appendingPathComponent("model.safetensors")
        let tensors = ["b.bias": Tensor(shape: [3], values: [1, -2, 3.5]),
                       "a.weight": Tensor(shape: [2, 1, 2], values: [0.25, 0.5, 0.75, 1]),
                       "empty": Tensor(shape: [0, 4], values: [])]
        let metadata = ["arch": "packnet-s", "config": "{\"widths\": [16, 16]}"]
        try SafeTensors.write(tensors, metadata: metadata, to: url)
        let (read, readMetadata) = try SafeTensors.read(url)
        #expect(readMetadata == metadata)
        #expect(Set(read.keys) == Set(tensors.keys))
        for (name, tensor) in tensors {
            #expect(read[name]!.shape == tensor.shape && read[name]!.values == tensor.values)
        }
        let bytes = try Data(contentsOf: url)
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        // tensors in name order, contiguous
        #expect(header.contains("\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,1,2],\"data_offsets\":[0,16]}"))
        #expect(header.contains("\"b.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]}"))
        #expect(bytes.count == 8 + headerLength + 28)
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["model.safetensors"])
    }

    @Test func pytorchWrittenFixtureReads() throws {
        let url = Bundle.module.url(forResource: "conv_reference", withExtension: "safetensors", subdirectory: "Fixtures")!
        let (tensors, metadata) = try SafeTensors.read(url)
        #expect(metadata["generator"] == "make_conv_fixtures.py")
        #expect(tensors["conv3d.weight"]?.shape == [2, 1, 3, 3, 3])
    }

    @Test func corruptedFilesThrowAndNeverCrash() throws {
        let url = Self.temporaryFolder().appendingPathComponent("fuzz.safetensors")
        try SafeTensors.write(["x": ConvFixtures.random([3, 5], seed: 41), "y": ConvFixtures.random([7], seed: 42)],
                              metadata: ["arch": "packnet-s"], to: url)
        let original = try Data(contentsOf: url)
        let headerEnd = 8 + Int(original[0]) + Int(original[1]) << 8
        var failures = 0
        // every truncation must throw
        for length in 0..<original.count {
            try original.prefix(length).write(to: url)
            do { _ = try SafeTensors.read(url) } catch { failures += 1 }
        }
        #expect(failures == original.count)
        // flipping header bytes must throw or give a well-formed result, never crash
        var flips = 0
        for position in 0..<headerEnd {
            for mask: UInt8 in [0x01, 0x04, 0x20, 0x80] {
                var corrupted = original
                corrupted[position] ^= mask
                try corrupted.write(to: url)
                if let (tensors, _) = try? SafeTensors.read(url) {
                    for tensor in tensors.values { #expect(tensor.count * 4 <= original.count) }
                } else {
                    flips += 1
                }
            }
        }
        #expect(flips > 0)
    }

    @Test func errorMessagesNameTheFileAndTheProblem() {
        #expect(Self.readError(Data([1, 2, 3])) ==
                "weights.safetensors: truncated safetensors file (3 bytes, the header length alone needs 8)")
        #expect(Self.readError(Self.file(header: "{}", headerLength: 1000)) ==
                "weights.safetensors: header length 1000 goes beyond the end of the 10-byte file")
        #expect(Self.readError(Self.file(header: "{\"a\":")) ==
                "weights.safetensors: bad safetensors header JSON: not valid JSON")
        #expect(Self.readError(Self.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}")) ==
                "weights.safetensors: bad safetensors header JSON: missing \"data_offsets\" at a")
        #expect(Self.readError(Self.file(header: "{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: [0])) ==
                "weights.safetensors: tensor \"a\" has unsupported dtype \"F16\" (only F32 is supported)")
        #expect(Self.readError(Self.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data: [0])) ==
                "weights.safetensors: tensor \"a\" data offsets [0, 8] are out of range of the 4-byte data section")
        #expect(Self.readError(Self.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data: [0, 0])) ==
                "weights.safetensors: tensor \"a\" of shape [3] needs 12 bytes but its offsets span 8")
        #expect(Self.readError(Self.file(
            header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            data: [0, 0, 0])) ==
                "weights.safetensors: tensors \"a\" and \"b\" have overlapping data offsets")
        #expect(Self.readError(Self.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", data: [0])) ==
                "weights.safetensors: tensor \"a\" of shape [4611686018427387904, 4] needs more than 9223372036854775807 bytes but its offsets span 4")
        #expect(Self.readError(Self.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", data: [0])) ==
                "weights.safetensors: bad safetensors header JSON: tensor \"a\" has 1 data_offsets, expected 2")
        #expect(Self.readError(Self.file(header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", data: [0])) ==
                "weights.safetensors: bad safetensors header JSON: tensor \"a\" has negative extent in shape [-1]")
        #expect(Self.readError(Self.file(header: "{\"__metadata__\":{\"epoch\":3}}")).hasPrefix(
                "weights.safetensors: bad safetensors header JSON:"))
    }

    @Test func unwritableDestinationIsReportedWithoutLeftovers() throws {
        let folder = Self.temporaryFolder()
        let url = folder.appendingPathComponent("no-such-folder/model.safetensors")
        do {
            try SafeTensors.write(["x": Tensor.zeros([2])], metadata: [:], to: url)
            Issue.record("write into a missing folder succeeded")
        } catch {
            #expect("\(error)".hasPrefix("\(url.path): cannot write:"), "\(error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func missingFileIsReported() {
        let url = Self.temporaryFolder().appendingPathComponent("absent.safetensors")
        #expect(throws: SafeTensorsError.self) { try SafeTensors.read(url) }
        do { _ = try SafeTensors.read(url) } catch { #expect("\(error)".hasPrefix("\(url.path): cannot read:")) }
    }

    @Test func loadingParametersCopiesInPlaceAndReportsProblems() throws {
        let weight = Tensor.zeros([2, 2], requiresGradient: true)
        try loadParameters([("depth.pre.conv.weight", weight)],
                           from: ["depth.pre.conv.weight": Tensor(shape: [2, 2], values: [1, 2, 3, 4]), "unused": Tensor.zeros([1])])
        #expect(weight.values == [1, 2, 3, 4])
        do {
            try loadParameters([("depth.pre.conv.weight", weight)], from: [:])
            Issue.record("missing tensor accepted")
        } catch {
            #expect("\(error)" == "missing tensor \"depth.pre.conv.weight\"")
        }
        do {
            try loadParameters([("depth.pre.conv.weight", weight)], from: ["depth.pre.conv.weight": Tensor.zeros([4])])
            Issue.record("misshapen tensor accepted")
        } catch {
            #expect("\(error)" == "tensor \"depth.pre.conv.weight\" has shape [4], expected [2, 2]")
        }
        #expect(weight.values == [1, 2, 3, 4])
    }
}
