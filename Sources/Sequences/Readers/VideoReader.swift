import Foundation
import Geometry

/// Reads a video file by decoding it to PNG frames with the `ffmpeg` executable, into a cache
/// folder that later opens of the same file with the same options reuse (older decodes are
/// pruned by ``VideoFrameCache``). Frame `i` of the
/// decoded frames is timestamped `i · frameStep / rate`, the rate coming from ffprobe, else
/// from ffmpeg's log, else from ``ReaderOptions/framesPerSecond``.
enum VideoReader {
    /// File extensions taken for videos (lowercase).
    static let extensions = ["mp4", "mov", "m4v", "mkv", "avi", "webm", "mpg", "mpeg", "wmv", "flv", "3gp", "ts", "mts"]

    /// What to tell a user who has no ffmpeg.
    static let installHint = "PackSfM decodes videos with it: install it (`apt-get install ffmpeg` on Debian/Ubuntu, "
        + "`brew install ffmpeg` on macOS) or convert the video to a folder of PNG images"

    /// The name of the file that marks a finished cache folder and records the frame rate.
    static let manifestName = "frames.txt"

    static func read(_ video: URL, options: ReaderOptions) throws -> SequenceReader.Opened {
        let searchPath = options.executableSearchPath ?? ExternalTool.environmentSearchPath
        guard let ffmpeg = ExternalTool.find("ffmpeg", in: searchPath) else {
            throw SequenceReaderError.toolNotFound(name: "ffmpeg", searchPath: searchPath, installHint: installHint)
        }
        let cache = try cacheFolder(for: video, options: options)
        var notes: [String] = []
        let rate: (value: Double, source: String)
        if let cached = try? readManifest(in: cache) {
            rate = cached
            VideoFrameCache.markUsed(cache)
            notes.append("frames decoded earlier reused from \(cache.path)")
        } else {
            rate = try decode(video, into: cache, ffmpeg: ffmpeg, searchPath: searchPath, options: options)
            notes.append("decoded with ffmpeg into \(cache.path)")
            let removed = VideoFrameCache.prune(cache.deletingLastPathComponent(), keeping: cache)
            if removed > 0 {
                notes.append("removed \(removed) older decoded video\(removed == 1 ? "" : "s") from the frames cache "
                             + "(the \(ReaderOptions.keptVideoDecodes) most recently used are kept)")
            }
        }
        notes.append("frame rate \(rate.value) (\(rate.source))")

        let images = try FileManager.default.contentsOfDirectory(atPath: cache.path)
            .filter { $0.hasSuffix(".png") }
            .sorted(by: NaturalOrder.precedes)
            .map { cache.appendingPathComponent($0) }
        guard let first = images.first else {
            throw SequenceReaderError.toolFailed(name: "ffmpeg", input: video, status: 0, message: "it decoded no frames")
        }
        let size = try PNGHeader(contentsOf: first)
        let choice = try CameraChoice.choose(options: options, folder: nil, defaultFieldOfView: ReaderOptions.defaultVideoFieldOfView,
                                             width: size.width, height: size.height, input: video, advice: "pass --fov or --intrinsics")
        if let note = choice.note { notes.append(note) }
        let frames = images.enumerated().map { index, image in
            Frame(timestamp: Double(index * options.frameStep) / rate.value, image: image)
        }
        return SequenceReader.Opened(kind: .video,
                                     sequence: FrameSequence(name: video.deletingPathExtension().lastPathComponent,
                                                             intrinsics: choice.intrinsics, frames: frames),
                                     notes: notes)
    }

    /// `scratch/<video name>-<key>`, the key a hash of the video's path, size, modification time
    /// and the decoding options (and the fallback rate, which the manifest may record), so that a
    /// changed file or other options decode afresh.
    static func cacheFolder(for video: URL, options: ReaderOptions) throws -> URL {
        let attributes = try FileManager.default.attributesOfItem(atPath: video.path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let identity = [video.standardizedFileURL.path, "\(size)", "\(modified)", "\(options.frameStep)",
                        "\(options.maximumSize ?? 0)", "\(options.maximumFrames ?? 0)",
                        "\(options.framesPerSecond)"].joined(separator: "\n")
        // FNV-1a, 64 bits: stable from run to run, unlike Swift's seeded Hasher.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in identity.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let scratch = options.scratchFolder
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-frames", isDirectory: true)
        let key = String(hash, radix: 16)
        return scratch.appendingPathComponent("\(video.deletingPathExtension().lastPathComponent)-\(key)", isDirectory: true)
    }

    /// Decodes the frames into a temporary sibling of `folder`, writes the manifest, then renames
    /// it to `folder`, so that an interrupted decode never looks finished. Returns the frame rate.
    private static func decode(_ video: URL, into folder: URL, ffmpeg: ExternalTool, searchPath: [URL],
                               options: ReaderOptions) throws -> (value: Double, source: String) {
        let partial = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).partial-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: partial) }

        var filters: [String] = []
        if options.frameStep > 1 { filters.append("select='not(mod(n,\(options.frameStep)))'") }
        if let maximumSize = options.maximumSize {
            filters.append("scale='trunc(min(1,\(maximumSize)/max(iw,ih))*iw/2)*2':-2")
        }
        var arguments = ["-nostdin", "-hide_banner", "-i", video.path, "-map", "0:v:0"]
        if !filters.isEmpty { arguments += ["-vf", filters.joined(separator: ",")] }
        if options.frameStep > 1 { arguments += ["-vsync", "vfr"] }
        arguments += ["-pix_fmt", "rgb24"]
        if let maximumFrames = options.maximumFrames { arguments += ["-frames:v", "\(maximumFrames)"] }
        arguments.append(partial.appendingPathComponent("frame_%06d.png").path)
        let outcome = try ffmpeg.run(arguments)
        guard outcome.status == 0 else {
            let lastLines = outcome.standardError.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " | ")
            throw SequenceReaderError.toolFailed(name: "ffmpeg", input: video, status: outcome.status, message: lastLines)
        }

        let rate = try frameRate(of: video, ffmpegLog: outcome.standardError, searchPath: searchPath, options: options)
        let manifest = "frameRate \(rate.value)\nrateSource \(rate.source)\n"
        try manifest.write(to: partial.appendingPathComponent(manifestName), atomically: true, encoding: .utf8)
        if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
        try FileManager.default.moveItem(at: partial, to: folder)
        return rate
    }

    /// The video's frame rate: ffprobe's average rate if ffprobe is on the search path, else the
    /// rate in ffmpeg's log, else the `fps` option.
    private static func frameRate(of video: URL, ffmpegLog: String, searchPath: [URL],
                                  options: ReaderOptions) throws -> (value: Double, source: String) {
        if let ffprobe = ExternalTool.find("ffprobe", in: searchPath) {
            let outcome = try ffprobe.run(["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=avg_frame_rate",
                                           "-of", "default=noprint_wrappers=1:nokey=1", video.path])
            if outcome.status == 0, let rate = VideoFrameRate.parseProbe(outcome.standardOutput) { return (rate, "ffprobe") }
        }
        if let rate = VideoFrameRate.parseLog(ffmpegLog) { return (rate, "ffmpeg's log") }
        return (options.framesPerSecond, "--fps, the video does not say")
    }

    /// The frame rate recorded in a finished cache folder.
    private static func readManifest(in folder: URL) throws -> (value: Double, source: String) {
        let text = try String(contentsOf: folder.appendingPathComponent(manifestName), encoding: .utf8)
        var rate: Double?, source = "recorded"
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "frameRate" { rate = Double(parts[1]) }
            if parts[0] == "rateSource" { source = parts[1] }
        }
        guard let rate, rate > 0 else {
            throw SequenceReaderError.unparsableLine(file: folder.appendingPathComponent(manifestName), line: 1,
                                                     expected: "'frameRate <number>'", got: text)
        }
        return (rate, source)
    }
}
