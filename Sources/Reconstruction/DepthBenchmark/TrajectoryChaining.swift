import Geometry

/// Camera paths from the pose network's frame-to-frame motions.
public enum TrajectoryChaining {
    /// Camera-to-world poses of frames `0...motions.count`, frame 0 at `first`, where
    /// `motions[i]` is T_source←target with source = frame i and target = frame i + 1 (what
    /// ``DepthModels/DepthPredictor/motion(target:source:)`` returns for
    /// `target: frame[i + 1], source: frame[i]`): it maps frame i + 1's camera coordinates into
    /// frame i's, so `worldFromCamera[i + 1] = worldFromCamera[i] · motions[i]`.
    public static func worldFromCamera(motions: [RigidTransform], first: RigidTransform = .identity) -> [RigidTransform] {
        var poses = [first]
        for motion in motions { poses.append(poses[poses.count - 1] * motion) }
        return poses
    }
}
