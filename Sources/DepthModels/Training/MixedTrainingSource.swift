import Geometry

/// Alternates between several training sources step by step (step s draws from source
/// s mod count), e.g. a user's videos and rendered rooms.
public struct MixedTrainingSource: TrainingDataSource {
    private var sources: [any TrainingDataSource]

    /// Alternates over `sources` (at least one).
    public init(sources: [any TrainingDataSource]) {
        precondition(!sources.isEmpty, "MixedTrainingSource: no sources")
        self.sources = sources
    }

    public mutating func batch(step: Int, size: Int, generator: inout SplitMix64) throws -> TrainingBatch {
        try sources[step % sources.count].batch(step: step, size: size, generator: &generator)
    }
}
