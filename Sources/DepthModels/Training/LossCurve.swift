import Foundation
import Imaging

/// Renders a loss curve as a picture: white background, light grid (ten divisions of the step
/// axis and of the loss axis), the raw values in light blue and their moving average in dark
/// blue, with the axis ranges printed in the corners.
enum LossCurve {
    static func render(_ points: [(x: Double, y: Double)], width: Int, height: Int) -> Image {
        var canvas = Canvas(width: width, height: height, background: [1, 1, 1])
        let margin = 36
        let plot = (left: margin, right: width - 8, top: 8, bottom: height - margin)
        for division in 0...10 {
            let x = plot.left + (plot.right - plot.left) * division / 10
            let y = plot.top + (plot.bottom - plot.top) * division / 10
            canvas.line(from: (x, plot.top), to: (x, plot.bottom), color: [0.9, 0.9, 0.9])
            canvas.line(from: (plot.left, y), to: (plot.right, y), color: [0.9, 0.9, 0.9])
        }
        canvas.line(from: (plot.left, plot.bottom), to: (plot.right, plot.bottom), color: [0.3, 0.3, 0.3])
        canvas.line(from: (plot.left, plot.top), to: (plot.left, plot.bottom), color: [0.3, 0.3, 0.3])
        guard let first = points.first, let last = points.last else { return canvas.image }
        let values = points.map(\.y).sorted()
        let low = values[values.count / 100], high = values[min(values.count - 1, values.count * 99 / 100)]
        let span = max(high - low, 1e-9), stepSpan = max(last.x - first.x, 1)
        func pixel(_ point: (x: Double, y: Double)) -> (Int, Int) {
            let px = Double(plot.left) + (point.x - first.x) / stepSpan * Double(plot.right - plot.left)
            let clamped = min(max(point.y, low), high)
            let py = Double(plot.bottom) - (clamped - low) / span * Double(plot.bottom - plot.top)
            return (Int(px.rounded()), Int(py.rounded()))
        }
        for (a, b) in zip(points, points.dropFirst()) { canvas.line(from: pixel(a), to: pixel(b), color: [0.7, 0.8, 1]) }
        let window = max(1, points.count / 50)
        var smoothed: [(x: Double, y: Double)] = []
        var running = 0.0
        for (index, point) in points.enumerated() {
            running += point.y
            if index >= window { running -= points[index - window].y }
            smoothed.append((point.x, running / Double(min(index + 1, window))))
        }
        for (a, b) in zip(smoothed, smoothed.dropFirst()) { canvas.line(from: pixel(a), to: pixel(b), color: [0.1, 0.2, 0.7], thickness: 2) }
        canvas.text(String(format: "%.4g", high), at: (2, plot.top), color: [0.2, 0.2, 0.2])
        canvas.text(String(format: "%.4g", low), at: (2, plot.bottom - 8), color: [0.2, 0.2, 0.2])
        canvas.text("step \(Int(first.x))", at: (plot.left, plot.bottom + 8), color: [0.2, 0.2, 0.2])
        let lastLabel = "step \(Int(last.x))"
        canvas.text(lastLabel, at: (plot.right - 6 * lastLabel.count, plot.bottom + 8), color: [0.2, 0.2, 0.2])
        canvas.text("loss", at: (plot.left + 4, plot.top + 2), color: [0.1, 0.2, 0.7])
        return canvas.image
    }
}
