import Geometry
import Imaging

/// One frame's input to fusion: depth, colour and pose, plus optionally which pixels to use and a
/// per-pixel error to average into the points.
public struct FusionFrame: Sendable {
    /// Depth in metres along z; 0 = invalid.
    public var depth: DepthMap
    /// The colour image (RGB or RGBA, values in [0, 1]), same size as `depth`.
    public var color: Image
    /// The camera pose (camera-to-world).
    public var worldFromCamera: RigidTransform
    /// Which pixels to fuse; `nil` fuses every valid depth.
    public var mask: RejectionMask?
    /// Per-pixel error (e.g. photometric reprojection error), row-major; `nil` when unknown.
    public var errors: [Float]?

    /// A frame from its parts; sizes must agree.
    public init(depth: DepthMap, color: Image, worldFromCamera: RigidTransform,
                mask: RejectionMask? = nil, errors: [Float]? = nil) {
        precondition(color.width == depth.width && color.height == depth.height && color.channels >= 3,
                     "FusionFrame: color \(color.width)x\(color.height)x\(color.channels) vs depth \(depth.width)x\(depth.height)")
        precondition(mask.map { $0.width == depth.width && $0.height == depth.height } ?? true,
                     "FusionFrame: mask \(mask?.width ?? 0)x\(mask?.height ?? 0) vs depth \(depth.width)x\(depth.height)")
        precondition(errors.map { $0.count == depth.depths.count } ?? true,
                     "FusionFrame: \(errors?.count ?? 0) errors vs depth \(depth.width)x\(depth.height)")
        self.depth = depth
        self.color = color
        self.worldFromCamera = worldFromCamera
        self.mask = mask
        self.errors = errors
    }
}
