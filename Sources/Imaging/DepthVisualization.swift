import Foundation

/// A depth map drawn for people: viridis with near = bright (yellow) and far = dark (purple),
/// linear in metres between the map's nearest and farthest valid depths, and a legend strip
/// below the picture (gradient bar, nearest depth labelled on the left, farthest on the right).
/// Invalid pixels (0) are black.
public struct DepthVisualization: Sendable {
    /// The picture: the depth map's size plus ``legendHeight`` rows.
    public let image: Image
    /// The depths mapped to the ends of the colour map (metres), nearest first.
    public let range: ClosedRange<Float>

    /// Rows added below the depth map for the legend.
    public static let legendHeight = 22

    /// Draws `depth`.
    public init(_ depth: DepthMap) {
        let valid = depth.depths.filter { $0 > 0 && $0.isFinite }
        let near = valid.min() ?? 0, far = valid.max() ?? 0
        range = near...far
        // t = 1 at the nearest depth: bright.
        let closeness = depth.depths.map { $0 > 0 && $0.isFinite ? far - $0 : .nan }
        let picture = ColorMap.viridis.render(closeness, width: depth.width, height: depth.height, range: 0...(far - near))
        var canvas = Canvas(width: depth.width, height: depth.height + Self.legendHeight, background: .zero)
        for y in 0..<depth.height {
            for x in 0..<depth.width { canvas.plot(x, y, color: SIMD3(picture[x, y, 0], picture[x, y, 1], picture[x, y, 2])) }
        }
        // The legend runs from near (left, bright) to far (right, dark): the map's gradient mirrored.
        let barWidth = max(depth.width - 4, 1)
        let bar = ColorMap.viridis.legend(width: barWidth, height: 8)
        for y in 0..<bar.height {
            for x in 0..<barWidth {
                let column = barWidth - 1 - x
                canvas.plot(2 + x, depth.height + 2 + y, color: SIMD3(bar[column, y, 0], bar[column, y, 1], bar[column, y, 2]))
            }
        }
        let white = SIMD3<Float>(1, 1, 1)
        let farLabel = String(format: "%.2f m", far)
        canvas.text(String(format: "%.2f m", near), at: (2, depth.height + 12), color: white)
        canvas.text(farLabel, at: (depth.width - 2 - 6 * farLabel.count + 1, depth.height + 12), color: white)
        image = canvas.image
    }
}
