import Geometry
import Tensors

/// One batch of frame triplets (t − g, t, t + g) at the training resolution.
public struct TrainingBatch {
    /// Frames t, t − g and t + g: each [N, 3, H, W] in [0, 1].
    public var target: Tensor, previous: Tensor, next: Tensor
    /// Camera intrinsics at H × W, shared by every item.
    public var intrinsics: Intrinsics
    /// Travelled distance between t and t − g, and between t and t + g, per item (metres), when
    /// known: enables velocity supervision and so metric scale.
    public var travelledDistances: (previous: [Float], next: [Float])?
    /// The exact motions T_source←target (axis-angle, translation in metres) to t − g and to
    /// t + g, each [N, 6], when the data knows them (rendered rooms): enables pose supervision.
    public var trueMotions: (previous: Tensor, next: Tensor)?

    /// A batch from its parts.
    public init(target: Tensor, previous: Tensor, next: Tensor, intrinsics: Intrinsics,
                travelledDistances: (previous: [Float], next: [Float])? = nil,
                trueMotions: (previous: Tensor, next: Tensor)? = nil) {
        self.target = target; self.previous = previous; self.next = next
        self.intrinsics = intrinsics; self.travelledDistances = travelledDistances
        self.trueMotions = trueMotions
    }
}

/// Where training batches come from: rendered random rooms, a user's sequences, or both.
public protocol TrainingDataSource {
    /// The batch for training step `step`, drawing any randomness from `generator`. The same
    /// step and generator state give the same batch (so a resumed run continues exactly).
    mutating func batch(step: Int, size: Int, generator: inout SplitMix64) throws -> TrainingBatch
}
