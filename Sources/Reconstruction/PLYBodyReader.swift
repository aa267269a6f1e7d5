/// Walks the body of a PLY file element by element, in ascii or binary little-endian encoding,
/// checking every read against the end of the data.
struct PLYBodyReader {
    let bytes: UnsafeRawBufferPointer
    /// The next unread byte.
    var offset: Int
    let format: PLYHeader.Format
    let path: String

    private func fail(_ problem: PLYError.Problem) -> PLYError { PLYError(path: path, problem: problem) }

    /// Moves past every item of `element`.
    mutating func skip(_ element: PLYHeader.Element) throws {
        guard !element.properties.isEmpty, element.count > 0 else { return }
        if format == .binaryLittleEndian, let size = element.fixedSize {
            let (total, overflow) = element.count.multipliedReportingOverflow(by: size)
            guard !overflow, total <= bytes.count - offset else {
                throw fail(.truncated("expected \(element.count) \(element.name) items of \(size) bytes, the file ends first"))
            }
            offset += total
            return
        }
        for item in 0..<element.count {
            for property in element.properties {
                if let countType = property.listCountType {
                    let length = try value(countType, property: property.name, item: item, of: element)
                    guard length >= 0, length <= Double(bytes.count) else {
                        throw fail(.truncated("\(element.name) \(item) declares a list of \(length) entries"))
                    }
                    for _ in 0..<Int(length) { _ = try value(property.type, property: property.name, item: item, of: element) }
                } else {
                    _ = try value(property.type, property: property.name, item: item, of: element)
                }
            }
        }
    }

    /// Reads the vertex element as a point cloud.
    mutating func readVertices(_ element: PLYHeader.Element) throws -> PointCloud {
        let properties = element.properties
        if let list = properties.first(where: { $0.listCountType != nil }) { throw fail(.vertexListProperty(list.name)) }
        func index(_ name: String) -> Int? { properties.firstIndex { $0.name == name } }
        guard let x = index("x") else { throw fail(.missingProperty("x")) }
        guard let y = index("y") else { throw fail(.missingProperty("y")) }
        guard let z = index("z") else { throw fail(.missingProperty("z")) }
        let colorIndices = [index("red"), index("green"), index("blue")]
        let observations = index("observations"), error = index("error")

        let count = element.count
        if format == .binaryLittleEndian {
            let size = element.fixedSize ?? 0
            let (total, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, total <= bytes.count - offset else {
                throw fail(.truncated("expected \(count) vertices of \(size) bytes (\(overflow ? "too many" : String(total)) bytes) after the header, found \(bytes.count - offset)"))
            }
        }
        let capacity = format == .binaryLittleEndian ? count : min(count, (bytes.count - offset) / 2)
        var positions: [SIMD3<Float>] = [], colors: [SIMD3<UInt8>] = []
        var counts: [UInt32] = [], errors: [Float] = []
        positions.reserveCapacity(capacity)
        colors.reserveCapacity(capacity)
        var values = [Double](repeating: 0, count: properties.count)
        for vertex in 0..<count {
            for (slot, property) in properties.enumerated() {
                values[slot] = try value(property.type, property: property.name, item: vertex, of: element)
            }
            positions.append([Float(values[x]), Float(values[y]), Float(values[z])])
            var color = SIMD3<UInt8>(255, 255, 255)
            for channel in 0..<3 {
                guard let slot = colorIndices[channel] else { continue }
                let raw = properties[slot].type.isFloatingPoint ? values[slot] * 255 : values[slot]
                color[channel] = UInt8(min(255, max(0, raw.isNaN ? 0 : raw.rounded())))
            }
            colors.append(color)
            if let observations { counts.append(UInt32(min(Double(UInt32.max), max(0, values[observations].rounded())))) }
            if let error { errors.append(Float(values[error])) }
        }
        offset = bytes.count
        return PointCloud(positions: positions, colors: colors,
                          observationCounts: observations == nil ? nil : counts,
                          meanErrors: error == nil ? nil : errors)
    }

    /// The next value of `type`, for `property` of item `item` of `element` (named in errors).
    private mutating func value(_ type: PLYHeader.ScalarType, property: String, item: Int,
                                of element: PLYHeader.Element) throws -> Double {
        switch format {
        case .binaryLittleEndian:
            guard type.size <= bytes.count - offset else {
                throw fail(.truncated("expected \(element.count) \(element.name) items, the file ends inside item \(item)"))
            }
            defer { offset += type.size }
            return type.load(bytes, at: offset)
        case .ascii:
            while offset < bytes.count, Self.isSpace(bytes[offset]) { offset += 1 }
            let start = offset
            while offset < bytes.count, !Self.isSpace(bytes[offset]) { offset += 1 }
            guard offset > start else {
                throw fail(.truncated("expected \(element.count) \(element.name) items, the file ends inside item \(item)"))
            }
            let token = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            guard let number = Double(token) else {
                throw fail(.badValue(token: String(token.prefix(40)), property: property, vertex: item))
            }
            return number
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
