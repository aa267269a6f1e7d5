import Foundation

/// A progress bar on standard error: `label [#####-----] 45/300 frames  12.3/s  ETA 0:21  detail`.
///
/// On a terminal it redraws one line in place; when standard error is a file or pipe (logs, CI)
/// it prints a plain line at most every `logInterval` seconds and at the end.
final class ProgressBar {
    private let label: String, unit: String, total: Int, start: Int
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private let interactive = isatty(STDERR_FILENO) != 0
    private let logInterval: TimeInterval

    /// A bar for `total` items of `unit` ("frames", "steps"), of which `start` were done before
    /// (a resumed run): the rate and ETA count only the items done since.
    init(_ label: String, total: Int, unit: String, start: Int = 0, logInterval: TimeInterval = 10) {
        self.label = label; self.total = total; self.unit = unit; self.start = start; self.logInterval = logInterval
    }

    /// Shows that `done` items are finished, with an optional `detail` (a loss, a file name).
    func update(_ done: Int, detail: String = "") {
        let now = Date()
        let finished = done >= total
        guard finished || now.timeIntervalSince(lastDrawn) >= (interactive ? 0.1 : logInterval) else { return }
        lastDrawn = now
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done - start) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let width = 24, filled = total > 0 ? min(width, width * done / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\(label) [\(bar)] \(done)/\(total) \(unit)  \(String(format: "%.1f", rate))/s  "
            + "ETA \(Self.clock(remaining))  \(detail)"
        let text = interactive ? "\r\u{1B}[K" + line + (finished ? "\n" : "") : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `h:mm:ss` or `m:ss`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let hours = total / 3600, minutes = total / 60 % 60, secs = total % 60
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }
}
