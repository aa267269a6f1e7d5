import Geometry

/// Which frames of a sequence are reconstructed.
public enum FrameSelection: Equatable, Sendable, CustomStringConvertible {
    /// Every `n`-th frame, starting with the first.
    case stride(Int)
    /// Keyframes: the first frame, then each frame whose motion from the last keyframe (predicted
    /// by the pose network, or from ground truth) reaches `minimumTranslation` metres or
    /// `minimumRotationDegrees`. Phone videos at 30 frames/s move too little per frame for the
    /// networks' triplets; keyframes give every pair a usable baseline.
    case keyframes(minimumTranslation: Double, minimumRotationDegrees: Double)

    /// Keyframes with the default thresholds: 5 cm or 5°.
    public static let defaultKeyframes = FrameSelection.keyframes(minimumTranslation: 0.05, minimumRotationDegrees: 5)

    /// Whether a frame that moved by `motion` from the last selected frame is selected. A stride
    /// decides by index alone (see ``strideIndices(count:)``), so this is for keyframes.
    public func isKeyframe(motion: RigidTransform) -> Bool {
        switch self {
        case .stride: return true
        case let .keyframes(minimumTranslation, minimumRotationDegrees):
            let rotation = length(motion.rotation.axisAngle) * 180 / .pi
            return length(motion.translation) >= minimumTranslation || rotation >= minimumRotationDegrees
        }
    }

    /// The frame indices a stride selects from `count` frames; keyframe selection considers every
    /// frame as a candidate.
    public func candidateIndices(count: Int) -> StrideTo<Int> {
        switch self {
        case .stride(let step): return Swift.stride(from: 0, to: count, by: step)
        case .keyframes: return Swift.stride(from: 0, to: count, by: 1)
        }
    }

    public var description: String {
        switch self {
        case .stride(let step): return "stride \(step)"
        case let .keyframes(translation, rotation):
            return "keyframes (motion ≥ \(translation) m or ≥ \(rotation)° from the last keyframe)"
        }
    }
}
