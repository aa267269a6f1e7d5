import Foundation
import Geometry
import Reconstruction
import Testing

@Suite struct PLYTests {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ply-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static let sample = PointCloud(positions: [[1, -2.5, 3.25], [0, 0, 0], [-1e-3, 7, 1e6]],
                                   colors: [[255, 0, 10], [1, 2, 3], [128, 128, 128]],
                                   observationCounts: [3, 1, 70000], meanErrors: [0.5, 0, .greatestFiniteMagnitude])

    @Test(arguments: [true, false])
    func writtenCloudsReadBackExactly(withStatistics: Bool) throws {
        var cloud = Self.sample
        if !withStatistics { cloud.observationCounts = nil; cloud.meanErrors = nil }
        let url = folder.appendingPathComponent("cloud.ply")
        try PLY.write(cloud, to: url)
        #expect(try PLY.read(url) == cloud)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["cloud.ply"])
    }

    @Test func theHeaderIsTheStandardOne() throws {
        let data = PLY.encode(Self.sample)
        let header = String(decoding: data.prefix(400), as: UTF8.self)
        let lines = header.components(separatedBy: "end_header\n")[0].split(separator: "\n").map(String.init)
        #expect(lines == ["ply", "format binary_little_endian 1.0", "comment PackSfM fused point cloud",
                          "element vertex 3", "property float x", "property float y", "property float z",
                          "property uchar red", "property uchar green", "property uchar blue",
                          "property int observations", "property float error"])
        #expect(data.count == lines.joined(separator: "\n").utf8.count + "\nend_header\n".utf8.count + 3 * 23)
        #expect(PLY.encode(.empty).count > 0)
        #expect(try PLY.decode(PLY.encode(.empty), path: "empty") == .empty)
    }

    @Test func asciiFilesWithOtherOrdersTypesAndElementsAreRead() throws {
        let text = """
        ply
        format ascii 1.0
        comment written by another tool
        element camera 1
        property float focal
        element vertex 2
        property uchar blue
        property double z
        property float nx
        property float x
        property float y
        property uchar green
        property ushort observations
        property uchar red
        element face 1
        property list uchar int vertex_indices
        end_header
        0.25
        3 1.5 0 1 2 4 7 9
        255 -2 1 -1 -1 0 2 0
        3 0 1 1

        """
        let cloud = try PLY.decode(Data(text.utf8), path: "a.ply")
        #expect(cloud.positions == [[1, 2, 1.5], [-1, -1, -2]])
        #expect(cloud.colors == [[9, 4, 3], [0, 0, 255]])
        #expect(cloud.observationCounts == [7, 2])
        #expect(cloud.meanErrors == nil)
    }

    @Test func binaryFilesWithUnknownPropertiesAndElementsBeforeTheVertices() throws {
        var bytes = Array("""
        ply\r
        format binary_little_endian 1.0\r
        element material 2\r
        property list uchar float values\r
        element vertex 1\r
        property short label\r
        property float x\r
        property float y\r
        property float z\r
        property double confidence\r
        property float red\r
        property float green\r
        property float blue\r
        end_header\r

        """.utf8)
        bytes += [2] + floats([1, 2]) + [0]                        // two materials: 2 values, 0 values
        bytes += [0xFF, 0x7F] + floats([1, 2, 3])
        bytes += withUnsafeBytes(of: Double(0.5).bitPattern.littleEndian, Array.init)
        bytes += floats([1, 0.5, 0])
        let cloud = try PLY.decode(Data(bytes), path: "b.ply")
        #expect(cloud.positions == [[1, 2, 3]])
        #expect(cloud.colors == [[255, 128, 0]])
    }

    @Test func badFilesThrowErrorsNamingTheFileAndTheProblem() throws {
        let cases: [(String, String)] = [
            ("solid cube\n", "bad.ply: not a PLY file (it does not start with the line 'ply')"),
            ("ply\nformat binary_big_endian 1.0\nelement vertex 0\nend_header\n",
             "bad.ply: unsupported format \"binary_big_endian\" (readable: ascii 1.0, binary_little_endian 1.0)"),
            ("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n1 2\n",
             "bad.ply: the vertex element has no property 'z'"),
            ("ply\nformat ascii 1.0\nelement vertex 1\nproperty flot x\nend_header\n",
             "bad.ply: bad header line 4 'property flot x': expected 'property <type> <name>' with a PLY scalar type"),
            ("ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n4 5\n",
             "bad.ply: truncated: expected 2 vertex items, the file ends inside item 1"),
            ("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 zz\n",
             "bad.ply: bad ascii value 'zz' for property 'z' of vertex 0"),
            ("ply\nformat ascii 1.0\nelement face 0\nend_header\n", "bad.ply: the header declares no 'element vertex'"),
            ("ply\nformat ascii 1.0\nelement vertex 1\n", "bad.ply: the header has no 'end_header' line"),
            ("ply\nelement vertex 1\nend_header\n", "bad.ply: the header has no 'format' line"),
            ("ply\nformat ascii 1.0\nelement vertex 1\nproperty list uchar int x\nend_header\n",
             "bad.ply: the vertex element has a list property 'x', which a point cloud cannot hold"),
        ]
        for (text, message) in cases {
            #expect(throws: PLYError.self) { try PLY.decode(Data(text.utf8), path: "bad.ply") }
            do { _ = try PLY.decode(Data(text.utf8), path: "bad.ply") } catch { #expect("\(error)" == message) }
        }
        let binary = PLY.encode(Self.sample)
        do { _ = try PLY.decode(binary.dropLast(5), path: "cut.ply"); Issue.record("no error") } catch {
            #expect("\(error)" == "cut.ply: truncated: expected 3 vertices of 23 bytes (69 bytes) after the header, found 64")
        }
        let missing = folder.appendingPathComponent("missing.ply")
        do { _ = try PLY.read(missing); Issue.record("no error") } catch {
            #expect("\(error)".hasPrefix("\(missing.path): cannot read"))
        }
        let unwritable = folder.appendingPathComponent("no-such-folder/cloud.ply")
        do { try PLY.write(Self.sample, to: unwritable); Issue.record("no error") } catch {
            #expect("\(error)".hasPrefix("\(unwritable.path): cannot write"))
        }
    }

    @Test func damagedFilesThrowAndNeverCrash() {
        let binary = PLY.encode(Self.sample)
        let ascii = Data("ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\nend_header\n1 2 3 4\n5 6 7 8\n".utf8)
        for original in [binary, ascii] {
            for length in 0..<original.count {
                do { _ = try PLY.decode(original.prefix(length), path: "cut.ply") } catch {
                    #expect("\(error)".hasPrefix("cut.ply: "))
                }
            }
            var generator = SplitMix64(seed: 7)
            for _ in 0..<2000 {
                var damaged = original
                let position = Int.random(in: 0..<min(original.count, 240), using: &generator)
                damaged[position] ^= UInt8.random(in: 1...255, using: &generator)
                do { _ = try PLY.decode(damaged, path: "flip.ply") } catch {
                    #expect("\(error)".hasPrefix("flip.ply: "))
                }
            }
        }
    }

    private func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
    }
}
