import Foundation
import Testing
import Geometry
@testable import Sequences

@Suite struct ImageFolderReaderTests {
    @Test func readsPNGsInNaturalOrderAtTheGivenRate() throws {
        let folder = try TemporaryFolder("walk")
        defer { folder.remove() }
        for name in ["frame10.png", "frame2.png", "frame1.png", "Frame11.PNG"] { try folder.writeImage(name) }
        try folder.write("notes", to: "README.txt")
        try folder.write("400 400 4 3", to: "intrinsics.txt")
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("sub.png"), withIntermediateDirectories: true)
        let opened = try SequenceReader.inspect(folder.url, options: ReaderOptions(framesPerSecond: 10))
        #expect(opened.kind == .imageFolder)
        #expect(opened.sequence.name == "walk")
        #expect(opened.sequence.frames.map(\.image.lastPathComponent) == ["Frame11.PNG", "frame1.png", "frame2.png", "frame10.png"])
        #expect(opened.sequence.frames.map(\.timestamp) == [0, 0.1, 0.2, 0.3])
        #expect(opened.sequence.frames.allSatisfy { $0.depth == nil && $0.worldFromCamera == nil })
        #expect(opened.sequence.intrinsics == Intrinsics(fx: 400, fy: 400, cx: 4, cy: 3, width: 8, height: 6))

        let strided = try SequenceReader.open(folder.url, options: ReaderOptions(framesPerSecond: 10, frameStep: 2))
        #expect(strided.frames.map(\.timestamp) == [0, 0.2])
        #expect(strided.frames.map(\.image.lastPathComponent) == ["Frame11.PNG", "frame2.png"])
    }

    @Test func fieldOfViewIsTheFallback() throws {
        let folder = try TemporaryFolder("fov")
        defer { folder.remove() }
        try folder.writeImage("a.png", width: 8, height: 6)
        let opened = try SequenceReader.inspect(folder.url, options: ReaderOptions(fieldOfView: 90))
        #expect(opened.sequence.intrinsics == Intrinsics(horizontalFieldOfView: 90, width: 8, height: 6))
        #expect(abs(opened.sequence.intrinsics.fx - 4) < 1e-9)
        #expect(opened.notes == ["intrinsics from a 90.0° horizontal field of view"])

        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(folder.url.path): the camera intrinsics are unknown; add \(folder.url.path)/intrinsics.txt with one "
                + "line 'fx fy cx cy', or pass --fov (horizontal field of view in degrees) or --intrinsics"
        }
    }

    @Test func mixedSizesFailAtOpenNamingTheFile() throws {
        let folder = try TemporaryFolder("mixed")
        defer { folder.remove() }
        try folder.writeImage("img1.png", width: 8, height: 6)
        try folder.writeImage("img2.png", width: 8, height: 6)
        let odd = try folder.writeImage("img10.png", width: 6, height: 8)
        #expect { try SequenceReader.open(folder.url, options: ReaderOptions(fieldOfView: 60)) } throws: {
            "\($0)" == "\(odd.path): image is 6x8 but the sequence's images are 8x6 (as img1.png); all images of a sequence must have one size"
        }
    }

    @Test func corruptPNGFailsAtOpen() throws {
        let folder = try TemporaryFolder("corrupt")
        defer { folder.remove() }
        let bad = try folder.write("GIF89a, not a PNG at all", to: "a.png")
        #expect { try SequenceReader.open(folder.url, options: ReaderOptions(fieldOfView: 60)) } throws: {
            "\($0)" == "\(bad.path): not a PNG image (the first 8 bytes are not the PNG signature)"
        }
    }

    @Test func foldersWithoutPNGsSayWhatWasExpected() throws {
        let folder = try TemporaryFolder("holiday")
        defer { folder.remove() }
        let path = folder.url.path
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(path): the folder is empty; expected a TUM RGB-D folder (with rgb.txt) or PNG images"
        }
        try folder.write("not really", to: "a.JPG")
        try folder.write("not really", to: "b.jpeg")
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(path): holds 2 JPEG image(s) but no PNG; only PNG images are read. Convert them, "
                + "e.g. `ffmpeg -i in.jpg out.png` for each, or `mogrify -format png *.jpg` (ImageMagick)"
        }
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("a.JPG"))
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("b.jpeg"))
        try folder.write("hello", to: "notes.md")
        #expect { try SequenceReader.open(folder.url) } throws: {
            "\($0)" == "\(path): not an input PackSfM can read (a folder with 1 file(s) but no rgb.txt and no .png image); "
                + "expected a TUM RGB-D folder (with rgb.txt), a folder of PNG images, or a video file "
                + "(.mp4, .mov, .m4v, .mkv, .avi, .webm, .mpg, .mpeg, .wmv, .flv, .3gp, .ts, .mts)"
        }
    }

    @Test func unknownPathsAndFilesAreNamed() throws {
        let folder = try TemporaryFolder("files")
        defer { folder.remove() }
        let text = try folder.write("hello", to: "notes.txt")
        #expect { try SequenceReader.open(text) } throws: {
            "\($0)".hasPrefix("\(text.path): not an input PackSfM can read (a .txt file); expected a TUM RGB-D folder")
        }
        let missing = folder.url.appendingPathComponent("nope")
        #expect { try SequenceReader.open(missing) } throws: { "\($0)" == "\(missing.path): no such file or folder" }
    }

    @Test(arguments: [
        (ReaderOptions(framesPerSecond: 0), "fps = 0.0: must be a positive number"),
        (ReaderOptions(frameStep: 0), "frame step = 0: must be at least 1"),
        (ReaderOptions(maximumFrames: 0), "maximum frames = 0: must be at least 1"),
        (ReaderOptions(fieldOfView: 180), "fov = 180.0: must be between 0 and 180 degrees"),
        (ReaderOptions(intrinsics: Intrinsics(fx: -1, fy: 1, cx: 0, cy: 0, width: 8, height: 6)),
         "intrinsics = fx -1.0 fy 1.0: focal lengths must be positive"),
    ])
    func badOptionsAreRejected(options: ReaderOptions, message: String) {
        #expect { try SequenceReader.open(URL(fileURLWithPath: "/"), options: options) } throws: { "\($0)" == message }
    }
}
