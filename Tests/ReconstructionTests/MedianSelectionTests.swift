import Geometry
import Testing
@testable import Reconstruction

@Suite struct MedianSelectionTests {
    /// The median by selection is the sorted array's middle value (mean of the two middle ones
    /// for even counts), for odd and even counts, many repeated values, sorted and reversed input.
    @Test func selectionGivesTheSortedMedian() {
        var random = SplitMix64(seed: 11)
        var cases: [[Float]] = [[3], [2, 1], [5, 5, 5, 5], Array(stride(from: 0, to: 1000, by: 1).map(Float.init)),
                                Array(stride(from: 999, through: 0, by: -1).map(Float.init))]
        for count in [2, 3, 10, 101, 1000, 49_152] {
            cases.append((0..<count).map { _ in random.nextFloat(in: 0...10) })
            cases.append((0..<count).map { _ in Float(Int(random.nextFloat(in: 0...4))) })
        }
        for values in cases {
            let sorted = values.sorted(), middle = values.count / 2
            let expected = values.count % 2 == 1 ? Double(sorted[middle]) : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
            #expect(DepthMetrics.median(values) == expected, "\(values.count) values")
        }
    }

    /// Every rank comes out where sorting would put it, with nothing larger before it and
    /// nothing smaller after it.
    @Test func selectPartitionsAroundTheRank() {
        var random = SplitMix64(seed: 12)
        let values = (0..<257).map { _ in Float(Int(random.nextFloat(in: 0...40))) }
        let sorted = values.sorted()
        for rank in values.indices {
            var buffer = values
            let selected = buffer.withUnsafeMutableBufferPointer { DepthMetrics.select($0, rank: rank) }
            #expect(selected == sorted[rank] && buffer[rank] == sorted[rank])
            #expect(buffer[..<rank].allSatisfy { $0 <= selected } && buffer[(rank + 1)...].allSatisfy { $0 >= selected })
            #expect(buffer.sorted() == sorted)
        }
    }
}
