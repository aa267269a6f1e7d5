import Foundation
import Testing
import Geometry
@testable import Sequences

/// ffmpeg on this machine's PATH, if any (the Makefile installs it for CI).
private let ffmpeg = ExternalTool.find("ffmpeg", in: ExternalTool.environmentSearchPath)

@Suite(.enabled(if: ffmpeg != nil, "needs ffmpeg on PATH")) struct VideoReaderTests {
    /// A 10-frame, 10 fps, 128 × 96 test-pattern video in a fresh folder.
    func makeVideo(_ name: String = "clip.mp4") throws -> (folder: TemporaryFolder, video: URL) {
        let folder = try TemporaryFolder("video")
        let video = folder.url.appendingPathComponent(name)
        let outcome = try #require(ffmpeg).run(["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=128x96:rate=10",
                                                "-frames:v", "10", "-pix_fmt", "yuv420p", video.path])
        try #require(outcome.status == 0, "ffmpeg could not make the test video: \(outcome.standardError)")
        return (folder, video)
    }

    @Test func decodesEveryFrameWithTimestampsFromTheFrameRate() throws {
        let (folder, video) = try makeVideo()
        defer { folder.remove() }
        let options = ReaderOptions(scratchFolder: folder.url.appendingPathComponent("cache"))
        let opened = try SequenceReader.inspect(video, options: options)
        #expect(opened.kind == .video)
        let sequence = opened.sequence
        #expect(sequence.name == "clip")
        #expect(sequence.frames.count == 10)
        #expect(sequence.frames.map(\.timestamp) == (0..<10).map { Double($0) / 10 })
        #expect(sequence.intrinsics == Intrinsics(horizontalFieldOfView: 65, width: 128, height: 96))
        #expect(opened.notes.contains("frame rate 10.0 (ffprobe)"))
        #expect(opened.notes.contains { $0.hasPrefix("no intrinsics given: assuming a 65.0° horizontal field of view") })
        let last = try sequence.loadImage(9)
        #expect(last.width == 128 && last.height == 96 && last.channels == 3)

        let again = try SequenceReader.inspect(video, options: options)
        #expect(again.sequence == sequence)
        #expect(again.notes.contains { $0.hasPrefix("frames decoded earlier reused from") })
    }

    @Test func subsamplesDownscalesAndLimits() throws {
        let (folder, video) = try makeVideo("clip.mov")
        defer { folder.remove() }
        let camera = Intrinsics(fx: 100, fy: 100, cx: 64, cy: 48, width: 128, height: 96)
        let options = ReaderOptions(intrinsics: camera, frameStep: 3, maximumFrames: 3, maximumSize: 64,
                                    scratchFolder: folder.url.appendingPathComponent("cache"))
        let sequence = try SequenceReader.open(video, options: options)
        #expect(sequence.frames.count == 3)
        #expect(sequence.frames.map(\.timestamp) == [0, 0.3, 0.6])
        #expect(sequence.intrinsics == camera.rescaled(width: 64, height: 48))
        #expect(try sequence.loadImage(2).width == 64)
    }

    @Test func readsTheRateFromFFmpegsLogWithoutFFprobe() throws {
        let (folder, video) = try makeVideo()
        defer { folder.remove() }
        let tools = folder.url.appendingPathComponent("tools", isDirectory: true)
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: tools.appendingPathComponent("ffmpeg"), withDestinationURL: try #require(ffmpeg).url)
        let options = ReaderOptions(fieldOfView: 60, scratchFolder: folder.url.appendingPathComponent("cache"), executableSearchPath: [tools])
        let opened = try SequenceReader.inspect(video, options: options)
        #expect(opened.notes.contains("frame rate 10.0 (ffmpeg's log)"))
        #expect(opened.sequence.frames.last?.timestamp == 0.9)
    }

    @Test func missingFFmpegSaysHowToInstallIt() throws {
        let (folder, video) = try makeVideo()
        defer { folder.remove() }
        #expect { try SequenceReader.open(video, options: ReaderOptions(executableSearchPath: [])) } throws: {
            "\($0)" == "ffmpeg was not found (the search path is empty); PackSfM decodes videos with it: install it "
                + "(`apt-get install ffmpeg` on Debian/Ubuntu, `brew install ffmpeg` on macOS) or convert the video to a folder of PNG images"
        }
    }

    @Test func undecodableVideoNamesTheFile() throws {
        let folder = try TemporaryFolder("broken")
        defer { folder.remove() }
        let video = try folder.write("this is not a video", to: "broken.mp4")
        #expect { try SequenceReader.open(video, options: ReaderOptions(scratchFolder: folder.url.appendingPathComponent("cache"))) } throws: {
            "\($0)".hasPrefix("\(video.path): ffmpeg failed with exit status 1: ")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("cache").path).isEmpty)
    }
}
