import Foundation
import Geometry

/// One frame of a sequence: where its image (and optional ground truth) lives on disk.
/// Images are loaded lazily, when a consumer asks for them.
public struct Frame: Equatable, Sendable {
    /// Seconds, as the input gives them (`index / fps` for inputs without timestamps).
    public var timestamp: Double
    /// The colour image file.
    public var image: URL
    /// The ground-truth depth image (16-bit PNG, metres × ``FrameSequence/depthScale``), if any.
    public var depth: URL?
    /// The ground-truth camera-to-world pose, if any.
    public var worldFromCamera: RigidTransform?

    /// A frame from its parts.
    public init(timestamp: Double, image: URL, depth: URL? = nil, worldFromCamera: RigidTransform? = nil) {
        self.timestamp = timestamp; self.image = image; self.depth = depth; self.worldFromCamera = worldFromCamera
    }
}

/// A timestamped image sequence with its camera: DESIGN.md's "Sequence" (named so that it does
/// not shadow the standard library's `Sequence` protocol in every module that imports it).
public struct FrameSequence: Equatable, Sendable {
    /// A short name for reports (the folder or file name).
    public var name: String
    /// Intrinsics at the images' resolution.
    public var intrinsics: Intrinsics
    /// The frames in time order.
    public var frames: [Frame]
    /// Depth PNG units per metre (TUM: 5000).
    public var depthScale: Double

    /// A sequence from its parts.
    public init(name: String, intrinsics: Intrinsics, frames: [Frame], depthScale: Double = 5000) {
        self.name = name; self.intrinsics = intrinsics; self.frames = frames; self.depthScale = depthScale
    }
}
