import Foundation
import Testing
@testable import Sequences

@Suite struct VideoFrameCacheTests {
    let now = Date(timeIntervalSince1970: 2_000_000_000)

    /// A finished decode folder `name` whose manifest was last used `hoursAgo` hours before `now`.
    @discardableResult
    func decode(_ name: String, usedHoursAgo hoursAgo: Double, in folder: TemporaryFolder) throws -> URL {
        let manifest = try folder.write("frameRate 30\nrateSource ffprobe\n", to: "\(name)/\(VideoReader.manifestName)")
        try folder.write("not really a png", to: "\(name)/frame_000001.png")
        VideoFrameCache.markUsed(manifest.deletingLastPathComponent(), now: now.addingTimeInterval(-hoursAgo * 3600))
        return manifest.deletingLastPathComponent()
    }

    func remaining(_ folder: TemporaryFolder) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder.url.path))
    }

    @Test func keepsTheMostRecentlyUsedAndTheCurrentDecode() throws {
        let folder = try TemporaryFolder("cache")
        defer { folder.remove() }
        let current = try decode("new-1", usedHoursAgo: 0, in: folder)
        for (index, hours) in [2.0, 5, 30, 50, 70].enumerated() { try decode("old-\(index)", usedHoursAgo: hours, in: folder) }
        try folder.write("a user's own file", to: "notes/readme.txt")
        let removed = VideoFrameCache.prune(folder.url, keeping: current, now: now)
        #expect(removed == 2)
        #expect(try remaining(folder) == ["new-1", "old-0", "old-1", "old-2", "notes"])
    }

    @Test func recentlyUsedDecodesSurviveEvenBeyondTheLimit() throws {
        let folder = try TemporaryFolder("cache")
        defer { folder.remove() }
        let current = try decode("current", usedHoursAgo: 0, in: folder)
        for index in 0..<6 { try decode("busy-\(index)", usedHoursAgo: 0.5, in: folder) }
        #expect(VideoFrameCache.prune(folder.url, keeping: current, now: now) == 0)
        #expect(try remaining(folder).count == 7)
    }

    @Test func abandonedPartialDecodesAreRemovedOnceIdle() throws {
        let folder = try TemporaryFolder("cache")
        defer { folder.remove() }
        let current = try decode("current", usedHoursAgo: 0, in: folder)
        let abandoned = try folder.write("", to: ".clip-1f.partial-A/frame_000001.png").deletingLastPathComponent()
        let running = try folder.write("", to: ".clip-2e.partial-B/frame_000001.png").deletingLastPathComponent()
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-3 * 3600)], ofItemAtPath: abandoned.path)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-60)], ofItemAtPath: running.path)
        #expect(VideoFrameCache.prune(folder.url, keeping: current, now: now) == 1)
        #expect(try remaining(folder) == ["current", ".clip-2e.partial-B"])
    }

    @Test func aMissingCacheFolderRemovesNothing() {
        let missing = URL(fileURLWithPath: "/no/such/packsfm-frames")
        #expect(VideoFrameCache.prune(missing, keeping: missing.appendingPathComponent("x"), now: now) == 0)
    }
}
