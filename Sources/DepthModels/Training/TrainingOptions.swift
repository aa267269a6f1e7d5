import Sequences

/// The settings of a training run (recorded in checkpoints and in the weights' provenance).
public struct TrainingOptions: Codable, Equatable, Sendable {
    /// Training resolution (multiples of 32).
    public var width = 128, height = 96
    /// Triplets per step.
    public var batchSize = 4
    /// Frames between the target and each source.
    public var frameGap = 3
    /// Total optimisation steps.
    public var steps = 20_000
    /// Adam learning rate at step 0, and the step schedule: × `learningRateDecay` every
    /// `learningRateStepSize` steps.
    public var learningRate: Float = 2e-4, learningRateDecay: Float = 0.5, learningRateStepSize = 8_000
    /// Seed of initialisation, data order and augmentation.
    public var seed: UInt64 = 1
    /// Use velocity supervision when the data knows travelled distances.
    public var velocitySupervision = true
    /// Also supervise the pose network with the exact motions of rendered rooms (see
    /// docs/training.md); `nil` (checkpoints written before the option existed) means `false`.
    public var poseSupervision: Bool?
    /// With ``poseSupervision``, supervise only the rotation: the translation then learns from
    /// the photometric loss (through parallax) and velocity supervision, free of the habits
    /// that supervised translations teach (docs/training.md); `nil` means `false`.
    public var rotationOnlySupervision: Bool?
    /// Warp the sources with the exact motions of rendered rooms instead of the pose network's,
    /// so that the depth network learns from correct geometry from the first step (the pose
    /// network then learns from pose supervision only); `nil` means `false`.
    public var trueMotionWarping: Bool?
    /// Warp the sources with the data's exact rotations and the pose network's translations:
    /// the photometric loss then trains only the translation (through the parallax it makes),
    /// so it cannot trade a wrong turn for a sideways slide, while pose supervision trains the
    /// rotation; `nil` means `false`. Ignored when ``trueMotionWarping`` is set.
    public var trueRotationWarping: Bool?
    /// Draw each triplet's frame gap uniformly from 1 to `frameGap` (rendered rooms), so that
    /// the networks also see the small spacing that reconstruct chains; `nil` means `false`.
    public var randomFrameGap: Bool?
    /// Train the pose network only: the depth network keeps the weights it started with (a
    /// fine-tuning stage for the motions; cheap with ``trueMotionWarping``, where the
    /// photometric loss then has nothing to train and is not evaluated); `nil` means `false`.
    public var poseOnly: Bool?
    /// Steps between renderings of a new random room into the pool of clips (more often: more
    /// varied data for more rendering time); `nil` means 25.
    public var newRoomInterval: Int?
    /// Where the random rooms' cameras look relative to their walk; `nil` means
    /// ``Sequences/RoomGenerator/LookDirection/farthestView``.
    public var lookDirection: RoomGenerator.LookDirection?
    /// The colours of the random rooms' furniture; `nil` means
    /// ``Sequences/RoomGenerator/FurniturePalette/muted``.
    public var furniturePalette: RoomGenerator.FurniturePalette?
    /// Minimum seconds between periodic checkpoints.
    public var checkpointInterval: Double = 180
    /// Write the weights every this many steps to the run's `snapshots/` folder, for
    /// `packsfm average-weights`; `nil` means never.
    public var snapshotInterval: Int?

    /// The defaults.
    public init() {}
}
