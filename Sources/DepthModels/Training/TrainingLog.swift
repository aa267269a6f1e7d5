import Foundation
import Imaging

/// The record of a training run: a CSV file with one line per step (appended, so a resumed run
/// continues the same file) and a loss-curve PNG redrawn on demand.
public final class TrainingLog {
    /// The CSV file: `step,total,photometric,smoothness,velocity,learning_rate,seconds,skipped,pose`
    /// (`pose`, the pose supervision term, came last when it was added; older logs lack it).
    public let csvURL: URL
    private let handle: FileHandle
    private var history: [(step: Int, loss: Float)] = []

    /// Opens (or creates) the log at `csvURL`; a resumed run drops lines past `resumedStep`.
    public init(csvURL: URL, resumedStep: Int = 0) throws {
        self.csvURL = csvURL
        let header = "step,total,photometric,smoothness,velocity,learning_rate,seconds,skipped,pose\n"
        var kept = header
        if resumedStep > 0, let existing = try? String(contentsOf: csvURL, encoding: .utf8) {
            for line in existing.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: ",")
                guard let step = fields.first.flatMap({ Int($0) }), step <= resumedStep else { continue }
                kept += line + "\n"
                if fields.count > 1, let loss = Float(fields[1]) { history.append((step, loss)) }
            }
        }
        try kept.write(to: csvURL, atomically: true, encoding: .utf8)
        handle = try FileHandle(forWritingTo: csvURL)
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    /// Appends one step.
    public func record(_ report: StepReport) {
        let line = [String(report.step), "\(report.total)", "\(report.photometric)", "\(report.smoothness)",
                    "\(report.velocity)", "\(report.learningRate)", String(format: "%.3f", report.seconds),
                    String(report.skippedSteps), "\(report.pose)"].joined(separator: ",") + "\n"
        handle.write(Data(line.utf8))
        if report.total.isFinite { history.append((report.step, report.total)) }
    }

    /// Draws the loss curve (raw losses faint, a moving average bold) to a PNG.
    public func writeCurve(to url: URL, width: Int = 640, height: Int = 360) throws {
        try PNG.write(LossCurve.render(history.map { (Double($0.step), Double($0.loss)) }, width: width, height: height), to: url)
    }
}
