import Foundation

/// Point clouds as PLY files (the `cloud.ply` of a reconstruction folder).
///
/// Written files are `binary_little_endian 1.0` with the standard vertex properties
/// `float x y z` and `uchar red green blue` that Open3D, MeshLab and CloudCompare read, plus
/// `int observations` and `float error` when the cloud has them (`int` rather than `uint`
/// because Open3D's tensor reader skips `uint` properties; counts saturate at 2³¹ − 1). Reading accepts ascii and
/// binary little-endian files, vertex properties in any order and of any scalar type, unknown
/// properties (skipped) and other elements such as faces (ignored).
public enum PLY {
    /// Writes `cloud` to `url` through a temporary file in the same folder that is then renamed,
    /// so an interrupted write never leaves a partial `url` behind.
    public static func write(_ cloud: PointCloud, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        do {
            try encode(cloud).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw PLYError(path: url.path, problem: .fileSystem("cannot write: \(error.localizedDescription)"))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw PLYError(path: url.path, problem: .fileSystem("cannot rename the temporary file into place: \(reason)"))
        }
    }

    /// Reads the point cloud in the PLY file at `url`.
    public static func read(_ url: URL) throws -> PointCloud {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PLYError(path: url.path, problem: .fileSystem("cannot read: \(error.localizedDescription)"))
        }
        return try decode(data, path: url.path)
    }

    /// The bytes of the binary little-endian PLY file of `cloud`.
    public static func encode(_ cloud: PointCloud) -> Data {
        var header = "ply\nformat binary_little_endian 1.0\ncomment PackSfM fused point cloud\n"
        header += "element vertex \(cloud.count)\n"
        header += "property float x\nproperty float y\nproperty float z\n"
        header += "property uchar red\nproperty uchar green\nproperty uchar blue\n"
        if cloud.observationCounts != nil { header += "property int observations\n" }
        if cloud.meanErrors != nil { header += "property float error\n" }
        header += "end_header\n"
        let headerBytes = Array(header.utf8)
        let stride = 15 + (cloud.observationCounts != nil ? 4 : 0) + (cloud.meanErrors != nil ? 4 : 0)
        var bytes = [UInt8](repeating: 0, count: headerBytes.count + stride * cloud.count)
        bytes.withUnsafeMutableBytes { out in
            headerBytes.withUnsafeBytes { out.copyMemory(from: $0) }
            var offset = headerBytes.count
            for index in 0..<cloud.count {
                let position = cloud.positions[index], color = cloud.colors[index]
                out.storeBytes(of: position.x.bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self)
                out.storeBytes(of: position.y.bitPattern.littleEndian, toByteOffset: offset + 4, as: UInt32.self)
                out.storeBytes(of: position.z.bitPattern.littleEndian, toByteOffset: offset + 8, as: UInt32.self)
                out[offset + 12] = color.x
                out[offset + 13] = color.y
                out[offset + 14] = color.z
                offset += 15
                if let counts = cloud.observationCounts {
                    out.storeBytes(of: Int32(min(counts[index], UInt32(Int32.max))).littleEndian, toByteOffset: offset, as: Int32.self)
                    offset += 4
                }
                if let errors = cloud.meanErrors {
                    out.storeBytes(of: errors[index].bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self)
                    offset += 4
                }
            }
        }
        return Data(bytes)
    }

    /// The point cloud in PLY file bytes `data`; errors name `path`.
    ///
    /// Vertices without colour properties are white. Floating-point colours are taken to be in
    /// [0, 1]; integer colours are clamped to [0, 255].
    public static func decode(_ data: Data, path: String) throws -> PointCloud {
        try data.withUnsafeBytes { bytes in
            let header = try PLYHeader(bytes, path: path)
            var reader = PLYBodyReader(bytes: bytes, offset: header.bodyOffset, format: header.format, path: path)
            for element in header.elements {
                if element.name == "vertex" { return try reader.readVertices(element) }
                try reader.skip(element)
            }
            throw PLYError(path: path, problem: .missingVertexElement)
        }
    }
}
