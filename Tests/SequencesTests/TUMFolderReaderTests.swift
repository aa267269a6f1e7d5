import Foundation
import Testing
import Geometry
@testable import Sequences

@Suite struct TUMFolderReaderTests {
    /// A small TUM folder: four colour frames at uneven times, three depth images (the third
    /// frame has none within 0.02 s) and ground truth for all but the last frame.
    func makeFolder(_ name: String = "office", intrinsics: String? = "500 501 3.5 2.5") throws -> TemporaryFolder {
        let folder = try TemporaryFolder(name)
        try folder.write("""
        # color images
        # file: 'office.bag'
        # timestamp filename
        10.000 rgb/10.000.png
        10.031 rgb/10.031.png

        10.090 rgb/10.090.png
        10.150 rgb/10.150.png
        """, to: "rgb.txt")
        try folder.write("""
        # depth maps
        10.005 depth/a.png
        10.040 depth/b.png
        10.160 depth/c.png
        """, to: "depth.txt")
        try folder.write("""
        # ground truth trajectory
        # timestamp tx ty tz qx qy qz qw
        9.999 1 0 0 0 0 0 1
        10.030 2 0 0 0 0 0 1
        10.085 3 0 0 0 0 0 1
        """, to: "groundtruth.txt")
        for (index, time) in ["10.000", "10.031", "10.090", "10.150"].enumerated() {
            try folder.writeImage("rgb/\(time).png", shade: Float(index) / 4)
        }
        for (name, metres) in [("a", 1.0), ("b", 2.0), ("c", 3.0)] as [(String, Float)] {
            try folder.writeDepth("depth/\(name).png", metres: metres)
        }
        if let intrinsics { try folder.write(intrinsics + "\n", to: "intrinsics.txt") }
        return folder
    }

    @Test func associatesDepthAndPosesByNearestTimestamp() throws {
        let folder = try makeFolder()
        defer { folder.remove() }
        let opened = try SequenceReader.inspect(folder.url)
        #expect(opened.kind == .tum)
        #expect(opened.notes.isEmpty)
        let sequence = opened.sequence
        #expect(sequence.name == "office")
        #expect(sequence.intrinsics == Intrinsics(fx: 500, fy: 501, cx: 3.5, cy: 2.5, width: 8, height: 6))
        #expect(sequence.frames.map(\.timestamp) == [10.000, 10.031, 10.090, 10.150])
        #expect(sequence.frames.map { $0.depth?.lastPathComponent } == ["a.png", "b.png", nil, "c.png"])
        #expect(sequence.frames.map { $0.worldFromCamera?.translation.x } == [1, 2, 3, nil])
        #expect(sequence.depthScale == 5000)

        let image = try sequence.loadImage(2)
        #expect(image.width == 8 && image.height == 6 && abs(image[3, 3, 0] - 0.5) < 0.003)
        #expect(try sequence.loadDepth(1)?.depths.allSatisfy { abs($0 - 2) < 1e-3 } == true)
        #expect(try sequence.loadDepth(2) == nil)
        #expect { try sequence.loadImage(4) } throws: { "\($0)" == "office: frame 4 does not exist (the sequence has 4 frames)" }
    }

    @Test func frameStepAndMaximumFramesSubsample() throws {
        let folder = try makeFolder()
        defer { folder.remove() }
        let sequence = try SequenceReader.open(folder.url, options: ReaderOptions(frameStep: 2, maximumFrames: 1))
        #expect(sequence.frames.map(\.timestamp) == [10.000])
        let every = try SequenceReader.open(folder.url, options: ReaderOptions(frameStep: 3))
        #expect(every.frames.map(\.timestamp) == [10.000, 10.150])
    }

    @Test(arguments: [("rgbd_dataset_freiburg1_xyz", "freiburg1", 517.3, 516.5),
                      ("rgbd_dataset_freiburg2_desk", "freiburg2", 520.9, 521.0),
                      ("Freiburg3_long_office_household", "freiburg3", 535.4, 539.2)])
    func freiburgFoldersGetThePublishedCalibration(name: String, camera: String, fx: Double, fy: Double) throws {
        let folder = try TemporaryFolder(name)
        defer { folder.remove() }
        try folder.write("1.0 rgb/1.png\n", to: "rgb.txt")
        try folder.writeImage("rgb/1.png", width: 640, height: 480)
        let opened = try SequenceReader.inspect(folder.url)
        #expect(opened.sequence.intrinsics.fx == fx && opened.sequence.intrinsics.fy == fy)
        #expect(opened.sequence.intrinsics.width == 640 && opened.sequence.intrinsics.height == 480)
        #expect(opened.notes.count == 1)
        #expect(opened.notes.first?.contains("published TUM \(camera) calibration") == true)
    }

    @Test func overrideWinsOverIntrinsicsFile() throws {
        let folder = try makeFolder()
        defer { folder.remove() }
        let camera = Intrinsics(fx: 9, fy: 9, cx: 4, cy: 3, width: 8, height: 6)
        let sequence = try SequenceReader.open(folder.url, options: ReaderOptions(intrinsics: camera))
        #expect(sequence.intrinsics == camera)
    }

    @Test func unknownCameraIsAnErrorSayingWhatToDo() throws {
        let folder = try makeFolder("my_recording", intrinsics: nil)
        defer { folder.remove() }
        #expect { try SequenceReader.open(folder.url) } throws: { error in
            "\(error)" == "\(folder.url.path): the camera intrinsics are unknown; add \(folder.url.path)/intrinsics.txt "
                + "with one line 'fx fy cx cy' or pass --intrinsics (or --fov); the published TUM calibrations are used "
                + "only for folders named after freiburg1, freiburg2 or freiburg3"
        }
    }

    @Test func badInputsNameTheFileAndLine() throws {
        let folder = try makeFolder()
        defer { folder.remove() }
        let path = folder.url.path

        try folder.write("# a\n# b\n1.0 rgb/10.000.png\n\n\n\n7.0\n", to: "rgb.txt")
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(path)/rgb.txt line 7: expected 'timestamp filename', got '7.0'"
        }

        try folder.write("1.0 rgb/10.000.png\n2.0 rgb/missing.png\n", to: "rgb.txt")
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(path)/rgb.txt line 2: image \(path)/rgb/missing.png does not exist"
        }

        try folder.write("# nothing yet\n", to: "rgb.txt")
        #expect { try SequenceReader.open(folder.url) } throws: { "\($0)" == "\(path)/rgb.txt: lists no frames" }

        try folder.write("10.0 rgb/10.000.png\n", to: "rgb.txt")
        try folder.write("# ground truth\n10.0 1 2 3 0 0 0\n", to: "groundtruth.txt")
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(path)/groundtruth.txt:2: expected 8 fields (timestamp tx ty tz qx qy qz qw), found 7"
        }

        try folder.write("10.0 depth/gone.png\n", to: "depth.txt")
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(path)/depth.txt line 1: image \(path)/depth/gone.png does not exist"
        }

        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("rgb.txt"))
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(path)/rgb.txt: missing; a TUM RGB-D folder lists its colour images there ('timestamp filename' per line)"
        }
    }

    @Test func badIntrinsicsFilesAreReported() throws {
        let folder = try makeFolder(intrinsics: "500 500 3.5")
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("intrinsics.txt").path
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(file) line 1: expected 4 numbers 'fx fy cx cy', got 3 field(s): '500 500 3.5'"
        }
        try folder.write("500 -500 3.5 2.5", to: "intrinsics.txt")
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(file) line 1: focal length fy = -500.0 must be positive"
        }
    }

    @Test func imageOfAnotherSizeFailsWhenLoaded() throws {
        let folder = try makeFolder()
        defer { folder.remove() }
        let odd = try folder.writeImage("rgb/10.031.png", width: 4, height: 4)
        let sequence = try SequenceReader.open(folder.url)
        #expect(try sequence.loadImage(0).width == 8)
        #expect { try sequence.loadImage(1) } throws: {
            "\($0)" == "\(odd.path): image is 4x4 but the sequence's images are 8x6 (as 10.000.png); "
                + "all images of a sequence must have one size"
        }
    }
}
