import Geometry
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
}
