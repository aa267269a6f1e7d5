import Foundation
import Imaging

/// A float32 array in NumPy's `.npy` format, version 1.0 (numpy.org/neps/nep-0001-npy-format):
/// the magic `\x93NUMPY`, version bytes 1 0, a little-endian UInt16 header length, an ASCII
/// Python-dict header `{'descr': '<f4', 'fortran_order': False, 'shape': (H, W), }` padded with
/// spaces and ended by a newline so that the data starts at a multiple of 64 bytes, then the
/// values in C (row-major) order as little-endian float32. `numpy.load` reads it.
public struct NumpyArray: Equatable, Sendable {
    /// The dimensions, outermost first.
    public var shape: [Int]
    /// The values in C order (`shape.reduce(1, *)` of them).
    public var values: [Float]

    /// An array from its parts; `values.count` must be the product of `shape`.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count,
                     "NumpyArray: shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.shape = shape; self.values = values
    }

    /// A depth map as an H × W array of metres.
    public init(_ depth: DepthMap) {
        self.init(shape: [depth.height, depth.width], values: depth.depths)
    }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The file's bytes.
    public func encoded() -> Data {
        let dimensions = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(dimensions), }"
        // magic (6) + version (2) + length (2) + header + "\n" must be a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(Self.magic + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.reserveCapacity(data.count + values.count * 4)
        for value in values {
            let bits = value.bitPattern.littleEndian
            data.append(contentsOf: [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24)])
        }
        return data
    }

    /// Writes the array to `url` through a temporary file in the same folder that is then renamed,
    /// so the file appears complete or not at all.
    public func write(to url: URL) throws {
        do {
            try encoded().write(to: url, options: .atomic)
        } catch {
            throw NumpyArrayError(file: url.path, problem: "cannot write (\(error.localizedDescription))")
        }
    }

    /// Reads a version 1.0 `.npy` file of little-endian float32 values in C order (what
    /// ``write(to:)`` writes); anything else is an error naming the file.
    public static func read(_ url: URL) throws -> NumpyArray {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw NumpyArrayError(file: url.path, problem: "cannot read the file")
        }
        return try decode(data, file: url.path)
    }

    /// Decodes the bytes of a `.npy` file (see ``read(_:)``); `file` names it in errors.
    public static func decode(_ data: Data, file: String) throws -> NumpyArray {
        let bytes = [UInt8](data)
        func fail(_ problem: String) -> NumpyArrayError { NumpyArrayError(file: file, problem: problem) }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw fail("not a .npy file (no \\x93NUMPY magic)") }
        guard bytes[6] == 1 else { throw fail("npy version \(bytes[6]).\(bytes[7]) (only 1.0 is read)") }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        guard bytes.count >= 10 + headerLength else { throw fail("header of \(headerLength) bytes runs past the end of the file") }
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        guard header.contains("'descr': '<f4'") else { throw fail("dtype is not little-endian float32 ('<f4'): \(header)") }
        guard header.contains("'fortran_order': False") else { throw fail("Fortran-order arrays are not read: \(header)") }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw fail("no shape in the header: \(header)")
        }
        let parts = header[open.upperBound..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let shape = parts.compactMap { Int($0) }
        guard shape.count == parts.count, shape.allSatisfy({ $0 >= 0 }) else { throw fail("bad shape in the header: \(header)") }
        let count = shape.reduce(1, *), start = 10 + headerLength
        guard bytes.count == start + count * 4 else {
            throw fail("shape \(shape) needs \(count * 4) bytes of data, the file has \(bytes.count - start)")
        }
        let values = (0..<count).map { index -> Float in
            let offset = start + index * 4
            let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            return Float(bitPattern: bits)
        }
        return NumpyArray(shape: shape, values: values)
    }
}

/// A `.npy` file that cannot be read or written: names the file and the problem.
public struct NumpyArrayError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// What is wrong.
    public var problem: String

    public var description: String { "\(file): \(problem)" }
}
