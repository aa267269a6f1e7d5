import Geometry
import Imaging
import Sequences
import Tensors

/// Training triplets from image sequences on disk (TUM folders, image folders, videos): a
/// user's own rooms. Frames are loaded on first use, resized (area averaging) to the training
/// resolution and kept in memory. When a sequence knows its camera poses (ground truth, or the
/// poses test-time adaptation tracked), its batches carry the exact motions too, for pose
/// supervision and true-motion warping.
public struct SequenceTrainingSource: TrainingDataSource {
    private let sequences: [FrameSequence]
    private let width: Int, height: Int, frameGap: Int
    private let knownSpeed: Double?
    private var cache: [Int: [Int: Image]] = [:]

    /// A source over `sequences`, each with at least `2·frameGap + 1` frames.
    ///
    /// - Parameter knownSpeed: the camera's speed in m/s when the user knows it; travelled
    ///   distances then come from it and the timestamps (velocity supervision). Ground-truth
    ///   poses, when a sequence has them, are used instead.
    public init(sequences: [FrameSequence], width: Int, height: Int, frameGap: Int, knownSpeed: Double? = nil) throws {
        for sequence in sequences where sequence.frames.count < 2 * frameGap + 1 {
            throw TrainingDataError.tooShort(name: sequence.name, frames: sequence.frames.count, needed: 2 * frameGap + 1)
        }
        precondition(!sequences.isEmpty, "SequenceTrainingSource: no sequences")
        self.sequences = sequences
        self.width = width; self.height = height; self.frameGap = frameGap
        self.knownSpeed = knownSpeed
    }

    public mutating func batch(step: Int, size: Int, generator: inout SplitMix64) throws -> TrainingBatch {
        // One sequence per batch: its items share intrinsics.
        let sequenceIndex = Int(generator.next() % UInt64(sequences.count))
        let sequence = sequences[sequenceIndex]
        var targets: [Image] = [], previous: [Image] = [], next: [Image] = []
        var distances: (previous: [Float], next: [Float])? = ([], [])
        var motions: (previous: [Float], next: [Float])? = ([], [])
        for _ in 0..<size {
            let center = frameGap + Int(generator.next() % UInt64(sequence.frames.count - 2 * frameGap))
            targets.append(try frame(sequenceIndex, center))
            previous.append(try frame(sequenceIndex, center - frameGap))
            next.append(try frame(sequenceIndex, center + frameGap))
            if let before = travelled(sequence, from: center, to: center - frameGap),
               let after = travelled(sequence, from: center, to: center + frameGap) {
                distances?.previous.append(before)
                distances?.next.append(after)
            } else {
                distances = nil
            }
            if let before = motion(sequence, from: center, to: center - frameGap),
               let after = motion(sequence, from: center, to: center + frameGap) {
                motions?.previous += before.motionVector
                motions?.next += after.motionVector
            } else {
                motions = nil
            }
        }
        return TrainingBatch(target: Tensor(images: targets), previous: Tensor(images: previous), next: Tensor(images: next),
                             intrinsics: sequence.intrinsics.rescaled(width: width, height: height),
                             travelledDistances: distances,
                             trueMotions: motions.map { (Tensor(shape: [size, 6], values: $0.previous), Tensor(shape: [size, 6], values: $0.next)) })
    }

    /// T_source←target between two frames whose poses the sequence knows, `nil` otherwise.
    private func motion(_ sequence: FrameSequence, from target: Int, to source: Int) -> RigidTransform? {
        guard let targetPose = sequence.frames[target].worldFromCamera, let sourcePose = sequence.frames[source].worldFromCamera else {
            return nil
        }
        return sourcePose.inverse * targetPose
    }

    /// The camera's travelled distance between two frames, from ground truth or a known speed.
    private func travelled(_ sequence: FrameSequence, from a: Int, to b: Int) -> Float? {
        let first = sequence.frames[a], second = sequence.frames[b]
        if let poseA = first.worldFromCamera, let poseB = second.worldFromCamera {
            return Float(distance(poseA.translation, poseB.translation))
        }
        return knownSpeed.map { Float($0 * abs(second.timestamp - first.timestamp)) }
    }

    private mutating func frame(_ sequenceIndex: Int, _ index: Int) throws -> Image {
        if let cached = cache[sequenceIndex]?[index] { return cached }
        let image = try sequences[sequenceIndex].loadImage(index).resized(width: width, height: height, method: .area)
        cache[sequenceIndex, default: [:]][index] = image
        return image
    }
}

/// Training data that cannot be used.
public enum TrainingDataError: Error, CustomStringConvertible {
    case tooShort(name: String, frames: Int, needed: Int)

    public var description: String {
        switch self {
        case .tooShort(let name, let frames, let needed):
            "\(name): \(frames) frames, but a training triplet with this frame gap needs at least \(needed)"
        }
    }
}
