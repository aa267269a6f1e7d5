import Foundation
import Imaging

/// A file of a navigation map (occupancy grid or path) that could not be written or read.
public struct OccupancyGridFileError: Error, CustomStringConvertible, Equatable {
    /// The file's path.
    public let file: String
    /// What went wrong.
    public let problem: String

    /// "file: problem".
    public var description: String { "\(file): \(problem)" }
}

extension OccupancyGrid {
    /// The grid seen from above, one pixel per cell, +y upwards (row 0 of the image is the
    /// grid's last row): free white, occupied black, unknown gray; `path` (floor coordinates)
    /// in red with its first point green and its last point blue, 3x3 pixels each.
    public func image(path: [SIMD2<Double>] = []) -> Image {
        var image = Image(width: width, height: height, channels: 3)
        for row in 0..<height {
            for column in 0..<width {
                let shade: Float
                switch self[column, row] {
                case .free: shade = 1
                case .occupied: shade = 0
                case .unknown: shade = 0.5
                }
                for channel in 0..<3 { image[column, height - 1 - row, channel] = shade }
            }
        }
        func paint(_ point: SIMD2<Double>, _ color: SIMD3<Float>, reach: Int) {
            guard let (column, row) = cell(containing: point) else { return }
            for y in max(0, row - reach)...min(height - 1, row + reach) {
                for x in max(0, column - reach)...min(width - 1, column + reach) {
                    for channel in 0..<3 { image[x, height - 1 - y, channel] = color[channel] }
                }
            }
        }
        for point in path { paint(point, SIMD3(1, 0, 0), reach: 0) }
        if let first = path.first, let last = path.last {
            paint(first, SIMD3(0, 0.7, 0), reach: 1)
            paint(last, SIMD3(0, 0.3, 1), reach: 1)
        }
        return image
    }

    /// Writes the grid for ROS `map_server` (http://wiki.ros.org/map_server): `yamlURL` and, next
    /// to it with the same name, a binary PGM (P5) with free 254, occupied 0, unknown 205 and
    /// row 0 at the top (+y), plus `resolution` (cell size, metres) and `origin` (floor
    /// coordinates of the lower-left corner, yaw 0). Extra keys `floor_up`, `floor_height`,
    /// `floor_axis_x` and `floor_axis_y` give the ``FloorFrame`` (world coordinates) so that map
    /// points can be mapped back into the reconstruction. Each file is written atomically.
    public func writeMapServerFiles(yaml yamlURL: URL) throws {
        let pgmURL = yamlURL.deletingPathExtension().appendingPathExtension("pgm")
        var pgm = Data("P5\n\(width) \(height)\n255\n".utf8)
        for row in (0..<height).reversed() {
            for column in 0..<width {
                switch self[column, row] {
                case .free: pgm.append(254)
                case .occupied: pgm.append(0)
                case .unknown: pgm.append(205)
                }
            }
        }
        func vector(_ v: SIMD3<Double>) -> String { String(format: "[%.6f, %.6f, %.6f]", v.x, v.y, v.z) }
        let yaml = """
            image: \(pgmURL.lastPathComponent)
            resolution: \(String(format: "%.6f", cellSize))
            origin: [\(String(format: "%.6f, %.6f", origin.x, origin.y)), 0.0]
            negate: 0
            occupied_thresh: 0.65
            free_thresh: 0.196
            floor_up: \(vector(frame.up))
            floor_height: \(String(format: "%.6f", frame.height))
            floor_axis_x: \(vector(frame.axisX))
            floor_axis_y: \(vector(frame.axisY))

            """
        for (data, url) in [(pgm, pgmURL), (Data(yaml.utf8), yamlURL)] {
            do {
                try data.write(to: url, options: .atomic)
            } catch {
                throw OccupancyGridFileError(file: url.path, problem: "cannot write (\(error.localizedDescription))")
            }
        }
    }
}
