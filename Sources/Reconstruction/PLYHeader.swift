/// The parsed header of a PLY file: its format, its elements in file order, and where the body
/// starts.
struct PLYHeader {
    /// Body encodings.
    enum Format { case ascii, binaryLittleEndian }

    /// The scalar types of the PLY specification, under both their old and their sized names.
    enum ScalarType {
        case int8, uint8, int16, uint16, int32, uint32, float32, float64

        init?(name: String) {
            switch name {
            case "char", "int8": self = .int8
            case "uchar", "uint8": self = .uint8
            case "short", "int16": self = .int16
            case "ushort", "uint16": self = .uint16
            case "int", "int32": self = .int32
            case "uint", "uint32": self = .uint32
            case "float", "float32": self = .float32
            case "double", "float64": self = .float64
            default: return nil
            }
        }

        /// Bytes per value.
        var size: Int {
            switch self {
            case .int8, .uint8: 1
            case .int16, .uint16: 2
            case .int32, .uint32, .float32: 4
            case .float64: 8
            }
        }

        /// Whether values are floating point (colours in [0, 1]) rather than integers.
        var isFloatingPoint: Bool { self == .float32 || self == .float64 }

        /// The little-endian value at `offset` of `bytes` (bounds checked by the caller).
        func load(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Double {
            switch self {
            case .int8: Double(bytes.loadUnaligned(fromByteOffset: offset, as: Int8.self))
            case .uint8: Double(bytes[offset])
            case .int16: Double(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
            case .uint16: Double(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            case .int32: Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
            case .uint32: Double(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            case .float32: Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
            case .float64: Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            }
        }
    }

    /// One `property` line: a scalar, or a list (`listCountType` set) of `type` values.
    struct Property {
        var name: String
        var type: ScalarType
        var listCountType: ScalarType?
    }

    /// One `element` line and the properties that follow it.
    struct Element {
        var name: String
        var count: Int
        var properties: [Property] = []

        /// Bytes per item in a binary body, when no property is a list.
        var fixedSize: Int? {
            properties.contains { $0.listCountType != nil } ? nil : properties.reduce(0) { $0 + $1.type.size }
        }
    }

    var format: Format
    var elements: [Element]
    /// Byte offset of the first byte after the `end_header` line.
    var bodyOffset: Int

    /// Parses the header at the start of `bytes`; errors name `path`.
    init(_ bytes: UnsafeRawBufferPointer, path: String) throws {
        func fail(_ problem: PLYError.Problem) -> PLYError { PLYError(path: path, problem: problem) }
        var format: Format?
        var elements: [Element] = []
        var lineStart = 0
        var lineNumber = 0
        while true {
            guard let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                if lineNumber == 0 { throw fail(.notPLY) }
                throw fail(.missingHeaderEnd)
            }
            lineNumber += 1
            var lineBytes = bytes[lineStart..<newline]
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
            let line = String(decoding: lineBytes, as: UTF8.self)
            lineStart = newline + 1
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            func bad(_ reason: String) -> PLYError {
                fail(.badHeaderLine(number: lineNumber, line: String(line.prefix(80)), reason: reason))
            }
            if lineNumber == 1 {
                guard words == ["ply"] else { throw fail(.notPLY) }
                continue
            }
            switch words.first {
            case "comment", "obj_info":
                continue
            case "format":
                guard words.count == 3 else { throw bad("expected 'format <encoding> 1.0'") }
                guard words[2] == "1.0" else { throw fail(.unsupportedFormat("\(words[1]) \(words[2])")) }
                switch words[1] {
                case "ascii": format = .ascii
                case "binary_little_endian": format = .binaryLittleEndian
                default: throw fail(.unsupportedFormat(words[1]))
                }
            case "element":
                guard words.count == 3, let count = Int(words[2]), count >= 0 else {
                    throw bad("expected 'element <name> <count>' with a count ≥ 0")
                }
                elements.append(Element(name: words[1], count: count))
            case "property":
                guard !elements.isEmpty else { throw bad("a property before any element") }
                if words.count == 5, words[1] == "list" {
                    guard let countType = ScalarType(name: words[2]), !countType.isFloatingPoint,
                          let type = ScalarType(name: words[3]) else {
                        throw bad("expected 'property list <integer type> <type> <name>'")
                    }
                    elements[elements.count - 1].properties.append(Property(name: words[4], type: type, listCountType: countType))
                } else {
                    guard words.count == 3, let type = ScalarType(name: words[1]) else {
                        throw bad("expected 'property <type> <name>' with a PLY scalar type")
                    }
                    elements[elements.count - 1].properties.append(Property(name: words[2], type: type))
                }
            case "end_header":
                guard words.count == 1 else { throw bad("text after end_header") }
                guard let format else { throw fail(.missingFormat) }
                self.format = format
                self.elements = elements
                self.bodyOffset = lineStart
                return
            default:
                throw bad("unknown keyword")
            }
        }
    }
}
