import Imaging
import Parallelism

/// Rejects "flying pixels": depths on a discontinuity, which predicted (and sensor) depth
/// interpolates between the foreground and the background, so they float in empty space.
public struct FlyingPixelFilter: Sendable {
    /// Which neighbours of a pixel are compared with it.
    public enum Neighbourhood: String, Sendable, Codable {
        /// Left, right, up, down.
        case four
        /// The four plus the diagonals.
        case eight
    }

    /// A pixel is rejected when `|d − d_neighbour| > relativeThreshold · d` for any valid neighbour.
    public var relativeThreshold: Float
    /// The neighbours compared.
    public var neighbourhood: Neighbourhood

    /// A filter. Neighbouring depths on a plane seen at angle θ from its normal differ by about
    /// `tan θ / f` (f the focal length in pixels), so the default 8 % keeps planes up to
    /// θ = atan(0.08 f), 86° at f = 200 px, while rejecting both sides of object edges.
    public init(relativeThreshold: Float = 0.08, neighbourhood: Neighbourhood = .four) {
        self.relativeThreshold = relativeThreshold
        self.neighbourhood = neighbourhood
    }

    /// Marks `.flyingPixel` in `mask` for every `.unverified` pixel of `depth` on a
    /// discontinuity. Invalid (0) neighbours are not compared.
    public func apply(to mask: inout RejectionMask, depth: DepthMap) {
        precondition(mask.width == depth.width && mask.height == depth.height,
                     "FlyingPixelFilter: mask \(mask.width)x\(mask.height) vs depth \(depth.width)x\(depth.height)")
        let width = depth.width, height = depth.height
        let offsets: [(Int, Int)] = neighbourhood == .four
            ? [(-1, 0), (1, 0), (0, -1), (0, 1)]
            : [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1)]
        let threshold = relativeThreshold
        depth.depths.withUnsafeBufferPointer { depths in
            mask.verdicts.withUnsafeMutableBufferPointer { verdicts in
                Parallel.forEachChunk(height, minimumPerChunk: 16) { rows in
                    for y in rows {
                        for x in 0..<width where verdicts[y * width + x] == .unverified {
                            let d = depths[y * width + x]
                            for (dx, dy) in offsets {
                                let nx = x + dx, ny = y + dy
                                guard nx >= 0, nx < width, ny >= 0, ny < height else { continue }
                                let neighbour = depths[ny * width + nx]
                                if neighbour > 0, abs(d - neighbour) > threshold * d {
                                    verdicts[y * width + x] = .flyingPixel
                                    break
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
