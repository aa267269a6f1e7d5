import Foundation
import Geometry
import Sequences
import Testing
import Tensors
@testable import DepthModels

@Suite struct SequenceTrainingSourceTests {
    /// A rendered 5-frame walk on disk (its poses in groundtruth.txt), made once.
    static let folder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sequence-source-tests-\(UUID().uuidString)")
        try! renderSequence(scene: RoomGenerator(seed: 3).room(1), frames: 5, width: 64, height: 48, to: folder, supersampling: 1)
        return folder
    }()

    /// A sequence that knows its poses gives each triplet its exact motions T_source←target,
    /// whose translations are the travelled distances; without poses it gives neither.
    @Test func knownPosesGiveTheExactMotions() throws {
        let sequence = try SequenceReader.open(Self.folder)
        let poses = sequence.frames.map { $0.worldFromCamera! }
        var source = try SequenceTrainingSource(sequences: [sequence], width: 64, height: 48, frameGap: 1)
        var generator = SplitMix64(seed: 2)
        let batch = try source.batch(step: 0, size: 3, generator: &generator)
        let motions = try #require(batch.trueMotions), distances = try #require(batch.travelledDistances)
        // Every triplet's pair of motions is that of one centre frame of the walk.
        let candidates = (1...3).map { centre in
            ((poses[centre - 1].inverse * poses[centre]).motionVector, (poses[centre + 1].inverse * poses[centre]).motionVector)
        }
        for item in 0..<3 {
            let previous = Array(motions.previous.values[(item * 6)..<(item * 6 + 6)])
            let next = Array(motions.next.values[(item * 6)..<(item * 6 + 6)])
            #expect(candidates.contains { $0.0 == previous && $0.1 == next })
            let travelled = previous[3..<6].map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(abs(travelled - distances.previous[item]) < 1e-5)
        }

        var plain = sequence
        plain.frames = plain.frames.map { Frame(timestamp: $0.timestamp, image: $0.image) }
        var withoutPoses = try SequenceTrainingSource(sequences: [plain], width: 64, height: 48, frameGap: 1)
        let unposed = try withoutPoses.batch(step: 0, size: 3, generator: &generator)
        #expect(unposed.trueMotions == nil && unposed.travelledDistances == nil)
    }
}
