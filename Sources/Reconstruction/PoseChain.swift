import Geometry

/// Chains relative motions into camera-to-world poses.
///
/// The pose network (and ``ViewSynthesis``) give T_source←target: it maps points of the target
/// camera into the source camera. Running it with the new frame as target and the previous frame
/// as source gives `previousFromCurrent`, so
/// `worldFromCurrent = worldFromPrevious · previousFromCurrent`.
public struct PoseChain: Sendable {
    /// The pose of the latest frame.
    public private(set) var worldFromCamera: RigidTransform

    /// A chain whose first frame sits at `start` (the world origin by default).
    public init(start: RigidTransform = .identity) { worldFromCamera = start }

    /// Moves to the next frame given `previousFromCurrent` (T_source←target with the previous
    /// frame as source), and returns the new frame's pose.
    @discardableResult
    public mutating func append(previousFromCurrent: RigidTransform) -> RigidTransform {
        worldFromCamera = worldFromCamera * previousFromCurrent
        return worldFromCamera
    }

    /// The motion T_source←target between two camera-to-world poses: what the pose network
    /// should predict with `target` as target and `source` as source.
    public static func sourceFromTarget(source: RigidTransform, target: RigidTransform) -> RigidTransform {
        source.inverse * target
    }

    /// `transform` with its translation multiplied by `scale` (a user-known scale factor).
    public static func scaled(_ transform: RigidTransform, by scale: Double) -> RigidTransform {
        RigidTransform(rotation: transform.rotation, translation: transform.translation * scale)
    }
}
