import Geometry
import Sequences
import Testing
import Tensors
@testable import DepthModels

@Suite struct SyntheticRoomSourceTests {
    @Test func trueMotionsAgreeWithTheTravelledDistancesAndRepeat() throws {
        func batch() throws -> TrainingBatch {
            var source = SyntheticRoomSource(seed: 4, width: 64, height: 32, frameGap: 2, poolSize: 2, clipLength: 8)
            var generator = SplitMix64(seed: 9)
            return try source.batch(step: 0, size: 3, generator: &generator)
        }
        let first = try batch(), second = try batch()
        let motions = try #require(first.trueMotions), distances = try #require(first.travelledDistances)
        #expect(motions.previous.shape == [3, 6] && motions.next.shape == [3, 6])
        for (motion, expected) in [(motions.previous.values, distances.previous), (motions.next.values, distances.next)] {
            for item in 0..<3 {
                let t = motion[(item * 6 + 3)..<(item * 6 + 6)]
                #expect(abs(t.map { $0 * $0 }.reduce(0, +).squareRoot() - expected[item]) < 1e-5)
                #expect(expected[item] > 0.01)
            }
        }
        #expect(second.trueMotions?.previous.values == motions.previous.values)
        #expect(second.target.values == first.target.values)
    }

    /// With random gaps, triplets span 1 to `frameGap` frames: the travelled distance to the
    /// previous frame varies with the gap, and every gap occurs.
    @Test func randomGapsCoverOneToTheFrameGap() throws {
        let fixed = SyntheticRoomSource(seed: 4, width: 64, height: 32, frameGap: 3, poolSize: 1, clipLength: 12)
        let scene = fixed.generator.room(0)
        let poses = scene.cameraPoses(frameCount: 12, fps: fixed.fps).map(\.worldFromCamera)
        var random = SyntheticRoomSource(seed: 4, width: 64, height: 32, frameGap: 3, randomGap: true, poolSize: 1, clipLength: 12)
        var generator = SplitMix64(seed: 3)
        let batch = try random.batch(step: 0, size: 40, generator: &generator)
        let distances = try #require(batch.travelledDistances)
        func distance(_ from: Int, _ to: Int) -> Float { Float(length((poses[to].inverse * poses[from]).translation)) }
        let triplets: [(gap: Int, center: Int)] = (1...3).flatMap { gap in (gap..<(12 - gap)).map { (gap, $0) } }
        var gapsSeen = Set<Int>()
        for item in 0..<40 {
            // the triplet whose two motions give this item's two distances
            let match = triplets.first { triplet in
                let before = distance(triplet.center, triplet.center - triplet.gap)
                let after = distance(triplet.center, triplet.center + triplet.gap)
                return abs(before - distances.previous[item]) < 1e-5 && abs(after - distances.next[item]) < 1e-5
            }
            #expect(match != nil, "item \(item) matches no triplet of gap 1-3")
            if let match { gapsSeen.insert(match.gap) }
        }
        #expect(gapsSeen == [1, 2, 3])
    }
}
