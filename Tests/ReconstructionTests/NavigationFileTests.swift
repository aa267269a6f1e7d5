import Foundation
import Geometry
@testable import Reconstruction
import Testing

/// Reading back the map files of `packsfm navmap`: `occupancy.yaml` + `occupancy.pgm` and `path.txt`.
@Suite struct NavigationFileTests {
    /// A fresh temporary folder, removed after `body`.
    static func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-navfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    /// A `width`×`height` grid of random states on `frame`.
    static func randomGrid(seed: UInt64, width: Int, height: Int, frame: FloorFrame,
                           origin: SIMD2<Double> = [-1.25, 0.75], cellSize: Double = 0.05) -> OccupancyGrid {
        var generator = SplitMix64(seed: seed)
        let states: [CellState] = [.free, .occupied, .unknown]
        let cells = (0..<width * height).map { _ in states[Int(generator.next() % 3)] }
        return OccupancyGrid(frame: frame, origin: origin, cellSize: cellSize, width: width, height: height, cells: cells)
    }

    static let levelFrame = FloorFrame(up: [0, 0, 1], height: 0.5, axisX: [1, 0, 0])

    /// The map files of a small grid written into `folder`; returns the YAML's URL.
    static func writeMap(in folder: URL) throws -> URL {
        let yaml = folder.appendingPathComponent("occupancy.yaml")
        try randomGrid(seed: 1, width: 7, height: 4, frame: levelFrame).writeMapServerFiles(yaml: yaml)
        return yaml
    }

    static func readError(_ yaml: URL) -> String? {
        do { _ = try OccupancyGrid.readMapServerFiles(yaml: yaml); return nil } catch { return "\(error)" }
    }

    @Test(arguments: [(1, 1), (7, 4), (64, 33)])
    func writingAndReadingGivesAnEqualGrid(size: (width: Int, height: Int)) throws {
        try Self.withFolder { folder in
            // Values with at most six decimals survive the writer's %.6f exactly.
            for (index, frame) in [Self.levelFrame, FloorFrame(up: [0, -1, 0], height: -1.2, axisX: [0, 0, 1])].enumerated() {
                let grid = Self.randomGrid(seed: UInt64(index + size.width), width: size.width, height: size.height, frame: frame)
                let yaml = folder.appendingPathComponent("map\(index).yaml")
                try grid.writeMapServerFiles(yaml: yaml)
                #expect(try OccupancyGrid.readMapServerFiles(yaml: yaml) == grid)
            }
        }
    }

    @Test func aTiltedFrameComesBackWithinTheWrittenPrecision() throws {
        try Self.withFolder { folder in
            let frame = FloorFrame(up: normalize(SIMD3(0.1, -0.9, 0.2)), height: 1.234567891,
                                   axisX: normalize(cross(SIMD3(0, 0, 1), normalize(SIMD3(0.1, -0.9, 0.2)))))
            let grid = Self.randomGrid(seed: 5, width: 20, height: 9, frame: frame, origin: [0.1234567, -3.3333333], cellSize: 0.0333333)
            let yaml = folder.appendingPathComponent("tilted.yaml")
            try grid.writeMapServerFiles(yaml: yaml)
            let read = try OccupancyGrid.readMapServerFiles(yaml: yaml)
            #expect(read.cells == grid.cells && read.width == grid.width && read.height == grid.height)
            #expect(abs(read.cellSize - grid.cellSize) < 1e-6 && length(read.origin - grid.origin) < 1e-6)
            for (a, b) in [(read.frame.up, frame.up), (read.frame.axisX, frame.axisX), (read.frame.axisY, frame.axisY)] {
                #expect(length(a - b) < 2e-6)
            }
            #expect(abs(read.frame.height - frame.height) < 1e-6)
        }
    }

    @Test func otherGrayLevelsAreClassifiedByTheThresholds() throws {
        try Self.withFolder { folder in
            let yaml = try Self.writeMap(in: folder)
            let pgm = folder.appendingPathComponent("occupancy.pgm")
            // One row of four: white, dark, mid gray, light gray.
            try Data("P5\n4 1\n255\n".utf8 + [255, 10, 128, 240]).write(to: pgm)
            #expect(try OccupancyGrid.readMapServerFiles(yaml: yaml).cells == [.free, .occupied, .unknown, .free])
            // A 4-level image (maximum 3) is scaled to 0…255 first.
            try Data("P5 # comment\n4 1 3\n".utf8 + [3, 0, 2, 1]).write(to: pgm)
            #expect(try OccupancyGrid.readMapServerFiles(yaml: yaml).cells == [.free, .occupied, .unknown, .occupied])
            // Negated: dark is free.
            let text = try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(of: "negate: 0", with: "negate: 1")
            try text.write(to: yaml, atomically: true, encoding: .utf8)
            try Data("P5\n4 1\n255\n".utf8 + [255, 10, 128, 240]).write(to: pgm)
            #expect(try OccupancyGrid.readMapServerFiles(yaml: yaml).cells == [.occupied, .free, .unknown, .occupied])
        }
    }

    @Test(arguments: ["image", "resolution", "origin", "floor_up", "floor_height", "floor_axis_x", "floor_axis_y"])
    func aMissingKeyIsNamed(key: String) throws {
        try Self.withFolder { folder in
            let yaml = try Self.writeMap(in: folder)
            let lines = try String(contentsOf: yaml, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("\(key):") }
            try lines.joined(separator: "\n").write(to: yaml, atomically: true, encoding: .utf8)
            #expect(Self.readError(yaml) == "\(yaml.path): missing key '\(key)'")
        }
    }

    @Test(arguments: [
        ("resolution: 0.050000", "resolution: abc", "resolution: expected a number, got 'abc'"),
        ("resolution: 0.050000", "resolution: -0.05", "resolution -0.05 must be positive"),
        ("resolution: 0.050000", "resolution: nan", "resolution: expected a number, got 'nan'"),
        ("origin: [-1.250000, 0.750000, 0.0]", "origin: [-1.25, 0.75]", "origin: expected [3 numbers], got '[-1.25, 0.75]'"),
        ("origin: [-1.250000, 0.750000, 0.0]", "origin: -1.25 0.75 0", "origin: expected [3 numbers], got '-1.25 0.75 0'"),
        ("origin: [-1.250000, 0.750000, 0.0]", "origin: [-1.25, 0.75, 0.3]", "origin yaw 0.3 is not supported (maps are written with yaw 0)"),
        ("floor_up: [0.000000, 0.000000, 1.000000]", "floor_up: [0, 0, 2]", "floor_up: expected a unit vector, got length 2.0"),
        ("floor_up: [0.000000, 0.000000, 1.000000]", "floor_up: [0, 0, -1]",
         "floor_up, floor_axis_x and floor_axis_y are not a right-handed orthonormal frame (floor_axis_y must be floor_up × floor_axis_x)"),
        ("floor_height: 0.500000", "floor_height: 1,5", "floor_height: expected a number, got '1,5'"),
        ("negate: 0", "negate: 2", "negate 2.0 must be 0 or 1"),
        ("free_thresh: 0.196", "free_thresh: 0.7", "thresholds need 0 ≤ free_thresh < occupied_thresh ≤ 1, got 0.7 and 0.65"),
        ("negate: 0", "negate 0", "line 4: expected 'key: value', got 'negate 0'"),
    ])
    func aBadValueIsNamed(original: String, replacement: String, problem: String) throws {
        try Self.withFolder { folder in
            let yaml = try Self.writeMap(in: folder)
            let text = try String(contentsOf: yaml, encoding: .utf8)
            #expect(text.contains(original))
            try text.replacingOccurrences(of: original, with: replacement).write(to: yaml, atomically: true, encoding: .utf8)
            #expect(Self.readError(yaml) == "\(yaml.path): \(problem)")
        }
    }

    @Test func missingFilesAreNamed() throws {
        try Self.withFolder { folder in
            let yaml = try Self.writeMap(in: folder)
            let pgm = folder.appendingPathComponent("occupancy.pgm")
            try FileManager.default.removeItem(at: pgm)
            #expect(Self.readError(yaml) == "\(pgm.path): file not found")
            try FileManager.default.removeItem(at: yaml)
            #expect(Self.readError(yaml) == "\(yaml.path): file not found")
        }
    }

    @Test(arguments: [
        (Data("P2\n7 4\n255\n".utf8), "not a binary PGM (expected magic 'P5')"),
        (Data(), "not a binary PGM (expected magic 'P5')"),
        (Data("P5\n7\n".utf8), "header: expected a positive height, got 'end of file'"),
        (Data("P5\n7 x 255\n".utf8), "header: expected a positive height, got 'x'"),
        (Data("P5\n0 4 255\n".utf8), "header: expected a positive width, got '0'"),
        (Data("P5\n7 4 65535\n".utf8 + Data(count: 56)), "maximum value 65535: only 8-bit PGM (maximum ≤ 255) is supported"),
        (Data("P5\n100000 100000 255\n".utf8), "100000x100000 pixels is more than 20000000 cells"),
        (Data("P5\n7 4 255".utf8), "truncated: no pixel data after the header"),
        (Data("P5\n7 4 255\n".utf8 + Data(count: 27)), "truncated: 7x4 needs 28 pixel bytes, found 27"),
        (Data("P5\n7 4 255\n".utf8 + Data(count: 30)), "2 bytes after the 7x4 pixels"),
        (Data("P5\n7 4 100\n".utf8 + Data(repeating: 101, count: 28)), "pixel value 101 above the maximum value 100"),
    ])
    func aBrokenPGMIsNamed(contents: Data, problem: String) throws {
        try Self.withFolder { folder in
            let yaml = try Self.writeMap(in: folder)
            let pgm = folder.appendingPathComponent("occupancy.pgm")
            try contents.write(to: pgm)
            #expect(Self.readError(yaml) == "\(pgm.path): \(problem)")
        }
    }

    /// Random truncations and byte flips of both files: each read throws a file error naming one
    /// of them, or gives a consistent grid; none crashes.
    @Test func corruptedFilesThrowOrGiveAValidGrid() throws {
        try Self.withFolder { folder in
            let yaml = try Self.writeMap(in: folder)
            let pgm = folder.appendingPathComponent("occupancy.pgm")
            let (yamlBytes, pgmBytes) = (try Data(contentsOf: yaml), try Data(contentsOf: pgm))
            var generator = SplitMix64(seed: 11)
            var outcomes = (thrown: 0, read: 0)
            for trial in 0..<600 {
                var (brokenYAML, brokenPGM) = (yamlBytes, pgmBytes)
                func corrupt(_ data: inout Data) {
                    if generator.next() % 4 == 0 {
                        data = data.prefix(Int(generator.next() % UInt64(data.count + 1)))
                    } else {
                        for _ in 0...(generator.next() % 3) where !data.isEmpty {
                            let index = Int(generator.next() % UInt64(data.count))
                            data[index] ^= UInt8(1 << (generator.next() % 8))
                        }
                    }
                }
                if trial % 2 == 0 { corrupt(&brokenYAML) } else { corrupt(&brokenPGM) }
                try brokenYAML.write(to: yaml)
                try brokenPGM.write(to: pgm)
                do {
                    let grid = try OccupancyGrid.readMapServerFiles(yaml: yaml)
                    #expect(grid.cells.count == grid.width * grid.height && grid.cellSize > 0 && grid.cellSize.isFinite)
                    outcomes.read += 1
                } catch let error as OccupancyGridFileError {
                    #expect(!error.file.isEmpty && !error.problem.isEmpty, "\(error)")
                    outcomes.thrown += 1
                }
            }
            #expect(outcomes.thrown > 100 && outcomes.read > 100, "\(outcomes)")
        }
    }

    @Test func pathPointsComeBackWithinTheWrittenPrecision() throws {
        try Self.withFolder { folder in
            let url = folder.appendingPathComponent("path.txt")
            let points: [SIMD3<Double>] = [[0.1, -1.2, 3.0], [1.23456, 0, -7.5], [2, 2, 2]]
            try PathFile.write(points, to: url)
            #expect(try String(contentsOf: url, encoding: .utf8) == "0.1000 -1.2000 3.0000\n1.2346 0.0000 -7.5000\n2.0000 2.0000 2.0000\n")
            let read = try PathFile.read(url)
            #expect(read.count == 3 && zip(read, points).allSatisfy { length($0 - $1) < 1e-4 })
            try "# start\n1 2 3\n\n\t4 5 6  \n".write(to: url, atomically: true, encoding: .utf8)
            #expect(try PathFile.read(url) == [[1, 2, 3], [4, 5, 6]])
            try PathFile.write([], to: url)
            #expect(try PathFile.read(url) == [])
        }
    }

    @Test(arguments: [
        ("1 2 3\n4 5\n", "line 2: expected three numbers 'x y z', got '4 5'"),
        ("1 2 3 4\n", "line 1: expected three numbers 'x y z', got '1 2 3 4'"),
        ("1 2 3\n\n1 nan 3\n", "line 3: expected three numbers 'x y z', got '1 nan 3'"),
        ("1,2,3\n", "line 1: expected three numbers 'x y z', got '1,2,3'"),
    ])
    func aBadPathLineIsNamed(text: String, problem: String) throws {
        try Self.withFolder { folder in
            let url = folder.appendingPathComponent("path.txt")
            try text.write(to: url, atomically: true, encoding: .utf8)
            #expect(throws: OccupancyGridFileError(file: url.path, problem: problem)) { try PathFile.read(url) }
            try FileManager.default.removeItem(at: url)
            #expect(throws: OccupancyGridFileError(file: url.path, problem: "file not found")) { try PathFile.read(url) }
        }
    }
}
