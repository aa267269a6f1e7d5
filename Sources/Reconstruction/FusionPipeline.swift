import Geometry
import Imaging

/// Streams frames through masking and fusion in order: each frame is checked against its
/// neighbours at `neighbourOffsets` (as soon as the later ones have arrived), its kept pixels are
/// fused, and its verdicts are handed back so the caller can write `mask/<timestamp>.png` as it
/// goes. Only a window of frames is held in memory.
public struct FusionPipeline: Sendable {
    /// A frame that has been masked and fused.
    public struct ProcessedFrame: Sendable {
        /// The frame's timestamp.
        public var timestamp: Double
        /// Its verdicts.
        public var mask: RejectionMask
        /// Its counts for the report.
        public var statistics: ReconstructionReport.FrameStatistics
    }

    /// The per-frame check.
    public let checker: ConsistencyChecker
    /// Frame offsets of the neighbours each frame is checked against (non-zero).
    public let neighbourOffsets: [Int]
    /// The fused voxels so far.
    public private(set) var fusion: VoxelFusion

    private var window: [Int: (frame: FusionFrame, timestamp: Double)] = [:]
    private var receivedCount = 0
    private var processedCount = 0

    /// A pipeline masking with `checker` and fusing into voxels of `voxelSize` metres.
    public init(checker: ConsistencyChecker, voxelSize: Float, neighbourOffsets: [Int] = [-2, -1, 1, 2]) {
        precondition(!neighbourOffsets.contains(0), "FusionPipeline: neighbour offsets \(neighbourOffsets) must not contain 0")
        self.checker = checker
        self.neighbourOffsets = neighbourOffsets
        fusion = VoxelFusion(intrinsics: checker.intrinsics, voxelSize: voxelSize)
    }

    /// Adds the next frame (its `mask` is replaced by the pipeline's) and returns the frames
    /// that could be completed with it, in order.
    public mutating func add(_ frame: FusionFrame, timestamp: Double) -> [ProcessedFrame] {
        window[receivedCount] = (frame, timestamp)
        receivedCount += 1
        var done: [ProcessedFrame] = []
        let lookahead = max(0, neighbourOffsets.max() ?? 0)
        while processedCount + lookahead < receivedCount { done.append(processNext()) }
        return done
    }

    /// Completes the frames still waiting for later neighbours (the sequence has ended).
    public mutating func finish() -> [ProcessedFrame] {
        var done: [ProcessedFrame] = []
        while processedCount < receivedCount { done.append(processNext()) }
        return done
    }

    private mutating func processNext() -> ProcessedFrame {
        let index = processedCount
        var (frame, timestamp) = window[index]!
        let neighbours = neighbourOffsets.compactMap { window[index + $0] }
            .map { (depth: $0.frame.depth, worldFromCamera: $0.frame.worldFromCamera) }
        let mask = checker.mask(depth: frame.depth, worldFromCamera: frame.worldFromCamera, neighbours: neighbours)
        frame.mask = mask
        fusion.add(frame)
        var meanError: Double?
        if let errors = frame.errors {
            let kept = errors.indices.filter { mask.isKept($0) }
            meanError = kept.isEmpty ? nil : kept.reduce(0) { $0 + Double(errors[$1]) } / Double(kept.count)
        }
        processedCount += 1
        let oldest = processedCount + min(0, neighbourOffsets.min() ?? 0)
        window = window.filter { $0.key >= oldest }
        return ProcessedFrame(timestamp: timestamp, mask: mask,
                              statistics: .init(timestamp: timestamp, mask: mask, meanError: meanError))
    }
}
