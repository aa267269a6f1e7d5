import Foundation

/// The paths of a reconstruction folder: the contract between `reconstruct`, `view` and `eval`
/// (shared/DESIGN.md).
public struct ReconstructionFolder: Sendable {
    /// The folder itself.
    public let root: URL

    /// A folder at `root` (which need not exist yet).
    public init(root: URL) { self.root = root }

    /// `trajectory.txt`: TUM camera-to-world poses, one line per used frame.
    public var trajectory: URL { root.appendingPathComponent("trajectory.txt") }
    /// `cloud.ply`: the fused binary little-endian point cloud.
    public var cloud: URL { root.appendingPathComponent("cloud.ply") }
    /// `report.json`: inputs, settings, intrinsics, timings, per-frame statistics.
    public var report: URL { root.appendingPathComponent("report.json") }

    /// `depth/<timestamp>.png`: 16-bit depth, metres × 5000.
    public func depth(timestamp: Double) -> URL { perFrame("depth", timestamp) }
    /// `error/<timestamp>.png`: colour-mapped reprojection error.
    public func error(timestamp: Double) -> URL { perFrame("error", timestamp) }
    /// `mask/<timestamp>.png`: 8-bit occlusion mask, 255 kept, 0 rejected.
    public func mask(timestamp: Double) -> URL { perFrame("mask", timestamp) }
    /// `rgb/<timestamp>.png`: the frame as the network saw it.
    public func rgb(timestamp: Double) -> URL { perFrame("rgb", timestamp) }

    /// The file name stem of a timestamp: six decimals, as TUM RGB-D names its files.
    public static func stem(_ timestamp: Double) -> String { String(format: "%.6f", timestamp) }

    private func perFrame(_ kind: String, _ timestamp: Double) -> URL {
        root.appendingPathComponent(kind).appendingPathComponent(Self.stem(timestamp) + ".png")
    }
}
