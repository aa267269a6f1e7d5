import Testing
import Viewer

@Suite struct SceneCloudTests {
    static func line(_ count: Int) -> SceneCloud {
        SceneCloud(positions: (0..<count).map { SIMD3(Float($0), 0, 0) },
                   colors: (0..<count).map { SIMD3(UInt8($0 % 256), 0, 0) },
                   meanErrors: (0..<count).map { Float($0) / Float(count) },
                   observationCounts: (0..<count).map { UInt32($0 % 5 + 1) })
    }

    @Test func shufflingIsAFixedPermutationKeepingAttributesTogether() {
        let cloud = Self.line(1000)
        let shuffled = cloud.shuffled(seed: 3, budget: 10_000)
        #expect(shuffled.count == 1000)
        #expect(Set(shuffled.positions.map(\.x)) == Set(cloud.positions.map(\.x)))
        #expect(shuffled.positions.map(\.x) != cloud.positions.map(\.x))
        #expect(shuffled.positions.map(\.x) == cloud.shuffled(seed: 3, budget: 10_000).positions.map(\.x))
        for index in 0..<shuffled.count {
            let original = Int(shuffled.positions[index].x)
            #expect(shuffled.colors[index].x == UInt8(original % 256))
            #expect(shuffled.meanErrors![index] == Float(original) / 1000)
            #expect(shuffled.observationCounts![index] == UInt32(original % 5 + 1))
        }
    }

    @Test func aPrefixIsAUniformSubsampleAndTheBudgetTruncates() {
        let cloud = Self.line(100_000).shuffled(seed: 1, budget: 20_000)
        #expect(cloud.count == 20_000)
        let prefix = cloud.positions.prefix(2000).map(\.x)
        let mean = prefix.reduce(0, +) / Float(prefix.count)
        #expect(abs(mean - 50_000) < 2000)
    }

    @Test func scalarRangesIgnoreOutliersAndNeedTheStatistic() {
        var cloud = Self.line(1000)
        cloud.meanErrors![0] = 1e6
        let range = cloud.scalarRange(for: .error)!
        #expect(range.upperBound < 1 && range.lowerBound < 0.03)
        #expect(cloud.scalarRange(for: .observations) == 1...5)
        #expect(cloud.scalarRange(for: .rgb) == nil)
        let bare = SceneCloud(positions: [.zero], colors: [.zero])
        #expect(bare.scalarRange(for: .error) == nil && bare.scalars(for: .observations) == nil)
    }
}
