import Foundation

/// Keeps the folder of decoded video frames from growing without bound: a minute of phone video
/// decodes to thousands of PNG files, and every video (and every setting) gets its own folder.
enum VideoFrameCache {
    /// Nothing used more recently than this is removed (another run may be reading it).
    static let minimumIdleTime: TimeInterval = 3600

    /// Marks a finished decode as used now, so that ``prune(_:keeping:now:)`` keeps it longest.
    static func markUsed(_ folder: URL, now: Date = Date()) {
        let manifest = folder.appendingPathComponent(VideoReader.manifestName)
        try? FileManager.default.setAttributes([.modificationDate: now], ofItemAtPath: manifest.path)
    }

    /// Removes, from the cache folder `scratch`, finished decodes other than `current` beyond the
    /// ``ReaderOptions/keptVideoDecodes`` most recently used, and partial decodes left by killed runs, when unused
    /// for ``minimumIdleTime``. Only folders that hold a decode's manifest (or are named like a
    /// partial decode) are touched. Returns how many folders were removed.
    @discardableResult
    static func prune(_ scratch: URL, keeping current: URL, now: Date = Date()) -> Int {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: scratch.path) else { return 0 }
        var finished: [(folder: URL, used: Date)] = [], abandoned: [URL] = []
        for name in names {
            let folder = scratch.appendingPathComponent(name, isDirectory: true)
            if name.hasPrefix("."), name.contains(".partial-") {
                if let modified = modificationDate(folder), now.timeIntervalSince(modified) > minimumIdleTime { abandoned.append(folder) }
            } else if folder.standardizedFileURL != current.standardizedFileURL,
                      let used = modificationDate(folder.appendingPathComponent(VideoReader.manifestName)) {
                finished.append((folder, used))
            }
        }
        let stale = finished.sorted { $0.used > $1.used }.dropFirst(ReaderOptions.keptVideoDecodes - 1)
            .filter { now.timeIntervalSince($0.used) > minimumIdleTime }.map(\.folder)
        return (stale + abandoned).filter { (try? manager.removeItem(at: $0)) != nil }.count
    }

    private static func modificationDate(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }
}
