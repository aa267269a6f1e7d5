import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a safetensors file could not be read or written. Every message names the file.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened, read or written.
    case unreadable(file: String, reason: String)
    case unwritable(file: String, reason: String)
    /// Fewer than the 8 bytes of the header length.
    case truncated(file: String, byteCount: Int)
    /// The header length points past the end of the file.
    case headerLengthBeyondFile(file: String, headerLength: UInt64, fileSize: Int)
    /// The header is not the expected JSON object.
    case badHeader(file: String, reason: String)
    /// A tensor is stored in a type other than float32.
    case unsupportedDtype(file: String, tensor: String, dtype: String)
    /// A tensor's byte range does not lie in the data section or does not fit its shape.
    case offsetsOutOfRange(file: String, tensor: String, begin: Int, end: Int, dataSize: Int)
    case sizeMismatch(file: String, tensor: String, shape: [Int], byteCount: Int)
    /// Two tensors' byte ranges overlap.
    case overlappingOffsets(file: String, tensor: String, other: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(file): cannot read: \(reason)"
        case .unwritable(let file, let reason): return "\(file): cannot write: \(reason)"
        case .truncated(let file, let byteCount):
            return "\(file): truncated safetensors file (\(byteCount) bytes, the header length alone needs 8)"
        case .headerLengthBeyondFile(let file, let headerLength, let fileSize):
            return "\(file): header length \(headerLength) goes beyond the end of the \(fileSize)-byte file"
        case .badHeader(let file, let reason): return "\(file): bad safetensors header JSON: \(reason)"
        case .unsupportedDtype(let file, let tensor, let dtype):
            return "\(file): tensor \"\(tensor)\" has unsupported dtype \"\(dtype)\" (only F32 is supported)"
        case .offsetsOutOfRange(let file, let tensor, let begin, let end, let dataSize):
            return "\(file): tensor \"\(tensor)\" data offsets [\(begin), \(end)] are out of range of the \(dataSize)-byte data section"
        case .sizeMismatch(let file, let tensor, let shape, let byteCount):
            // the shape comes from the file: its byte count may not even fit in an Int
            let needed = shape.reduce((value: 4, overflow: false)) { partial, extent in
                let product = partial.value.multipliedReportingOverflow(by: extent)
                return (product.partialValue, partial.overflow || product.overflow)
            }
            let neededText = needed.overflow ? "more than \(Int.max)" : "\(needed.value)"
            return "\(file): tensor \"\(tensor)\" of shape \(shape) needs \(neededText) bytes but its offsets span \(byteCount)"
        case .overlappingOffsets(let file, let tensor, let other):
            return "\(file): tensors \"\(other)\" and \"\(tensor)\" have overlapping data offsets"
        }
    }
}

/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors):
/// an 8-byte little-endian header length, a JSON header mapping each tensor name to its dtype,
/// shape and `data_offsets` (relative to the data section) plus an optional `__metadata__`
/// string map, then the raw little-endian data. Only float32 (`"F32"`) tensors are supported.
public enum SafeTensors {
    /// One tensor's entry in the header.
    private struct Entry: Decodable {
        let dtype: String
        let shape: [Int]
        let data_offsets: [Int]
    }

    /// The header: tensor entries and metadata.
    private struct Header: Decodable {
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                if key.stringValue == "__metadata__" {
                    metadata = try container.decode([String: String].self, forKey: key)
                } else {
                    entries[key.stringValue] = try container.decode(Entry.self, forKey: key)
                }
            }
        }
    }

    /// Reads every tensor and the metadata of the file at `url`.
    ///
    /// - Throws: ``SafeTensorsError`` naming the file and the problem (truncation, bad header,
    ///   unsupported dtype, offsets out of range or overlapping).
    public static func read(_ url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SafeTensorsError.unreadable(file: file, reason: error.localizedDescription)
        }
        return try data.withUnsafeBytes { bytes in try parse(bytes, file: file) }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw SafeTensorsError.truncated(file: file, byteCount: bytes.count) }
        var headerLength: UInt64 = 0
        for index in 0..<8 { headerLength |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw SafeTensorsError.headerLengthBeyondFile(file: file, headerLength: headerLength, fileSize: bytes.count)
        }
        let dataStart = 8 + Int(headerLength), dataSize = bytes.count - dataStart
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[8..<dataStart]))
        } catch let error as DecodingError {
            throw SafeTensorsError.badHeader(file: file, reason: describe(error))
        } catch {
            throw SafeTensorsError.badHeader(file: file, reason: "\(error)")
        }

        var ranges: [(name: String, begin: Int, end: Int)] = []
        for (name, entry) in header.entries {
            guard entry.dtype == "F32" else { throw SafeTensorsError.unsupportedDtype(file: file, tensor: name, dtype: entry.dtype) }
            guard entry.data_offsets.count == 2 else {
                throw SafeTensorsError.badHeader(file: file, reason: "tensor \"\(name)\" has \(entry.data_offsets.count) data_offsets, expected 2")
            }
            let begin = entry.data_offsets[0], end = entry.data_offsets[1]
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw SafeTensorsError.offsetsOutOfRange(file: file, tensor: name, begin: begin, end: end, dataSize: dataSize)
            }
            guard entry.shape.allSatisfy({ $0 >= 0 }) else {
                throw SafeTensorsError.badHeader(file: file, reason: "tensor \"\(name)\" has negative extent in shape \(entry.shape)")
            }
            // the element count, refusing shapes whose product overflows
            var elements = 1
            for extent in entry.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
                guard !overflow, product <= dataSize else {
                    throw SafeTensorsError.sizeMismatch(file: file, tensor: name, shape: entry.shape, byteCount: end - begin)
                }
                elements = product
            }
            guard elements * 4 == end - begin else {
                throw SafeTensorsError.sizeMismatch(file: file, tensor: name, shape: entry.shape, byteCount: end - begin)
            }
            ranges.append((name, begin, end))
        }
        ranges.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        for (previous, next) in zip(ranges, ranges.dropFirst()) where next.begin < previous.end {
            throw SafeTensorsError.overlappingOffsets(file: file, tensor: next.name, other: previous.name)
        }

        var tensors: [String: Tensor] = [:]
        for range in ranges {
            let entry = header.entries[range.name]!
            let storage = TensorStorage(count: (range.end - range.begin) / 4)
            UnsafeMutableRawPointer(storage.pointer).copyMemory(
                from: bytes.baseAddress! + dataStart + range.begin, byteCount: range.end - range.begin)
            tensors[range.name] = Tensor(shape: entry.shape, storage: storage)
        }
        return (tensors, header.metadata)
    }

    /// A short account of a JSON decoding failure: what was wrong and where.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.isEmpty ? "" : " at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        switch error {
        case .dataCorrupted(let context): return "not valid JSON\(path(context))"
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(context.debugDescription)\(path(context))"
        @unknown default: return "\(error)"
        }
    }

    /// Writes `tensors` (sorted by name, contiguous) and `metadata` to `url` in safetensors format.
    /// The file is written under a temporary name in the same folder and renamed into place, so a
    /// failed write never leaves a partial file under `url`.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String], to url: URL) throws {
        let names = tensors.keys.sorted()
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(quoted($0)):\(quoted(metadata[$0]!))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(quoted(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + 4 * tensor.count)]}")
            offset += 4 * tensor.count
        }
        var header = Array("{\(fields.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }

        var bytes = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for name in names {
            let tensor = tensors[name]!
            bytes.append(UnsafeBufferPointer(start: tensor.storage.pointer, count: tensor.count))
        }

        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
        do {
            try bytes.write(to: temporary)
        } catch {
            throw SafeTensorsError.unwritable(file: url.path, reason: error.localizedDescription)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw SafeTensorsError.unwritable(file: url.path, reason: reason)
        }
    }

    /// A JSON string literal for `text`.
    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return String(decoding: try! encoder.encode(text), as: UTF8.self)
    }
}
