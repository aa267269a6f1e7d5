import Foundation
import Testing
import Geometry
@testable import Sequences

@Suite struct TUMFileListTests {
    let file = URL(fileURLWithPath: "/data/fr1/rgb.txt")

    @Test func skipsCommentsAndBlankLinesAndKeepsLineNumbers() throws {
        let text = """
        # color images
        # file: 'rgbd_dataset_freiburg1_xyz.bag'
        # timestamp filename

        1305031102.175304 rgb/1305031102.175304.png
        1305031102.211214\trgb/1305031102.211214.png\r
        """
        let list = try TUMFileList(parsing: text, file: file)
        #expect(list.entries.map(\.path) == ["rgb/1305031102.175304.png", "rgb/1305031102.211214.png"])
        #expect(list.entries.map(\.timestamp) == [1305031102.175304, 1305031102.211214])
        #expect(list.entries.map(\.line) == [5, 6])
    }

    @Test(arguments: [
        ("1.0 a.png\nnonsense", 2, "nonsense"),
        ("# c\n1.0 a.png b.png", 2, "1.0 a.png b.png"),
        ("\n\n\n\n\n\nabc rgb/1.png", 7, "abc rgb/1.png"),
    ])
    func badLinesNameFileAndLine(text: String, line: Int, got: String) {
        #expect {
            try TUMFileList(parsing: text, file: file)
        } throws: { error in
            "\(error)" == "/data/fr1/rgb.txt line \(line): expected 'timestamp filename', got '\(got)'"
        }
    }
}

@Suite struct TimestampAssociationTests {
    @Test func picksNearestWithinToleranceFromUnsortedCandidates() {
        let rgb = [1.000, 1.033, 1.070, 1.500, 2.000]
        let depth = [1.069, 1.010, 1.040, 1.990, 0.5]
        let matches = TimestampAssociation.nearest(rgb, in: depth)
        // 1.000 → 1.010, 1.033 → 1.040, 1.070 → 1.069, 1.500 → none (0.43 s away), 2.000 → 1.990.
        #expect(matches == [1, 2, 0, nil, 3])
    }

    @Test func respectsTheTolerance() {
        #expect(TimestampAssociation.nearest([1.0], in: [1.03]) == [nil])
        #expect(TimestampAssociation.nearest([1.0], in: [1.03], tolerance: 0.05) == [0])
        #expect(TimestampAssociation.nearest([1.0], in: []) == [nil])
    }

    @Test func tieGoesToTheEarlierCandidate() {
        #expect(TimestampAssociation.nearest([1.0], in: [1.25, 0.75], tolerance: 0.5) == [1])
    }
}

@Suite struct NaturalOrderTests {
    @Test func numbersCompareByValue() {
        let names = ["frame10.png", "frame2.png", "frame1.png", "Frame3.png", "frame002b.png", "frame02.png", "a.png", "frame.png"]
        let sorted = names.sorted(by: NaturalOrder.precedes)
        #expect(sorted == ["Frame3.png", "a.png", "frame.png", "frame1.png", "frame02.png", "frame2.png", "frame002b.png", "frame10.png"])
    }

    @Test func longNumbersDoNotOverflow() {
        #expect(NaturalOrder.precedes("x99999999999999999999998", "x99999999999999999999999"))
        #expect(!NaturalOrder.precedes("img_100", "img_99"))
    }
}

@Suite struct IntrinsicsFileTests {
    let file = URL(fileURLWithPath: "/data/room/intrinsics.txt")

    @Test func parsesOneLineWithComments() throws {
        let intrinsics = try IntrinsicsFile.parse("# fx fy cx cy\n\n525 524.5 319.5 239.5\n", file: file, width: 640, height: 480)
        #expect(intrinsics == Intrinsics(fx: 525, fy: 524.5, cx: 319.5, cy: 239.5, width: 640, height: 480))
    }

    @Test(arguments: [
        ("525 525 319.5", "/data/room/intrinsics.txt line 1: expected 4 numbers 'fx fy cx cy', got 3 field(s): '525 525 319.5'"),
        ("# c\n525 x 319.5 239.5", "/data/room/intrinsics.txt line 2: expected 4 numbers 'fx fy cx cy', got 4 field(s): '525 x 319.5 239.5'"),
        ("-525 525 319.5 239.5", "/data/room/intrinsics.txt line 1: focal length fx = -525.0 must be positive"),
        ("525 0 319.5 239.5", "/data/room/intrinsics.txt line 1: focal length fy = 0.0 must be positive"),
        ("# only a comment\n", "/data/room/intrinsics.txt line 1: expected a line 'fx fy cx cy', the file has none"),
        ("1 1 1 1\n2 2 2 2", "/data/room/intrinsics.txt line 2: expected one line 'fx fy cx cy', but line 1 already gave them"),
    ])
    func badFilesAreNamedWithTheirLine(text: String, message: String) {
        #expect {
            try IntrinsicsFile.parse(text, file: file, width: 640, height: 480)
        } throws: { error in
            "\(error)" == message
        }
    }
}

@Suite struct PNGHeaderTests {
    static func header(width: UInt32, height: UInt32) -> [UInt8] {
        let bigEndian = { (value: UInt32) in (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        return PNGHeader.signature + [0, 0, 0, 13] + Array("IHDR".utf8) + bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
    }

    let file = URL(fileURLWithPath: "/data/a.png")

    @Test func readsTheSize() throws {
        let header = try PNGHeader(bytes: Self.header(width: 640, height: 480), file: file)
        #expect(header.width == 640 && header.height == 480)
        #expect(try PNGHeader(bytes: Self.header(width: 70000, height: 3), file: file).width == 70000)
    }

    @Test func rejectsOtherFiles() {
        var jpeg = Self.header(width: 4, height: 4)
        jpeg[0] = 0xFF
        #expect { try PNGHeader(bytes: jpeg, file: file) } throws: {
            "\($0)" == "/data/a.png: not a PNG image (the first 8 bytes are not the PNG signature)"
        }
        #expect { try PNGHeader(bytes: [0x89, 0x50], file: file) } throws: {
            "\($0)" == "/data/a.png: not a PNG image (only 2 bytes, a PNG header needs 24)"
        }
    }
}

@Suite struct VideoFrameRateTests {
    @Test func parsesProbeRates() {
        #expect(VideoFrameRate.parseProbe("30000/1001\n") == 30000.0 / 1001.0)
        #expect(VideoFrameRate.parseProbe("0/0\n25/1\n") == 25)
        #expect(VideoFrameRate.parseProbe("N/A") == nil)
    }

    @Test func parsesFFmpegLog() {
        let log = """
        Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mp4':
          Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 128x96 [SAR 1:1 DAR 4:3], 17 kb/s, 29.97 fps, 29.97 tbr, 10240 tbn (default)
        """
        #expect(VideoFrameRate.parseLog(log) == 29.97)
        #expect(VideoFrameRate.parseLog("Stream #0:0: Video: vp9, yuv420p, 64x48, 1k tbr, 1k tbn") == 1000)
        #expect(VideoFrameRate.parseLog("Stream #0:1: Audio: aac, 44100 Hz") == nil)
    }
}
