import Geometry
import Reconstruction
import Testing

/// `CloudMetrics.distances` (a k-d tree) against a brute-force search: the distances must be
/// identical, not merely close, on clouds shaped to trip up a spatial index.
@Suite struct NearestNeighbourTests {
    /// A named point set with its queries.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let points: [SIMD3<Float>]
        let queries: [SIMD3<Float>]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var random = SplitMix64(seed: 17)
        func cloud(_ count: Int, in range: ClosedRange<Float>, around centre: SIMD3<Float> = .zero) -> [SIMD3<Float>] {
            (0..<count).map { _ in centre + [random.nextFloat(in: range), random.nextFloat(in: range), random.nextFloat(in: range)] }
        }
        let uniform = cloud(2000, in: -1...1)
        let duplicated = (uniform.prefix(300) + uniform.prefix(300) + Array(repeating: SIMD3<Float>(0.5, 0.5, 0.5), count: 50)).shuffled(using: &random)
        let line = (0..<1500).map { i in SIMD3<Float>(1, 2, 3) * (Float(i % 700) / 700) }   // collinear, with repeats
        let plane = (0..<1600).map { i in SIMD3<Float>(Float(i % 40) * 0.01, Float(i / 40) * 0.01, 0) }
        let slanted = (0..<1600).map { _ in
            let u = random.nextFloat(in: -1...1), v = random.nextFloat(in: -1...1)
            return SIMD3<Float>(u, v, 0.3 * u - 0.7 * v)   // coplanar, on a tilted plane
        }
        let clustered = cloud(1500, in: -0.01...0.01, around: [0.3, -0.2, 0.1]) + cloud(40, in: -20...20)
            + cloud(500, in: -0.001...0.001, around: [-5, 5, 5])
        let far = cloud(200, in: -1000...1000) + [[1000, 0, 0], [0, -1000, 0], [0, 0, 1000], [-1000, -1000, -1000]]
        return [
            Case(name: "uniform cube", points: uniform, queries: cloud(500, in: -1.5...1.5) + uniform.prefix(50)),
            Case(name: "duplicates", points: duplicated, queries: cloud(500, in: -1.2...1.2) + duplicated.prefix(50)),
            Case(name: "collinear", points: line, queries: cloud(400, in: -2...5) + line.prefix(20)),
            Case(name: "axis-aligned plane", points: plane, queries: cloud(400, in: -0.5...0.8) + plane.prefix(20)),
            Case(name: "tilted plane", points: slanted, queries: cloud(400, in: -2...2)),
            Case(name: "single point", points: [[0.25, -3, 7]], queries: cloud(100, in: -10...10) + [[0.25, -3, 7]]),
            Case(name: "far-away queries", points: uniform, queries: far),
            Case(name: "clusters and sparse points", points: clustered, queries: cloud(600, in: -25...25) + clustered.prefix(30)),
        ]
    }()

    @Test(arguments: cases)
    func distancesEqualBruteForce(_ test: Case) {
        let found = CloudMetrics.distances(from: test.queries, to: test.points)
        let expected = test.queries.map { q in test.points.map { p in ((p - q) * (p - q)).sum() }.min()!.squareRoot() }
        #expect(found == expected)
    }

    @Test func manyQueriesAcrossBlocksEqualBruteForce() {
        // Enough queries for several parallel blocks, against a cloud big enough for a deep tree.
        var random = SplitMix64(seed: 29)
        let points = (0..<5000).map { _ in SIMD3<Float>(random.nextFloat(in: -3...3), random.nextFloat(in: -2...2), random.nextFloat(in: 0...0.05)) }
        let queries = (0..<10_000).map { _ in SIMD3<Float>(random.nextFloat(in: -30...30), random.nextFloat(in: -20...20), random.nextFloat(in: -5...5)) }
        let found = CloudMetrics.distances(from: queries, to: points)
        for (index, q) in queries.enumerated() where index % 7 == 0 {
            #expect(found[index] == points.map { p in ((p - q) * (p - q)).sum() }.min()!.squareRoot())
        }
        #expect(found == CloudMetrics.distances(from: queries, to: points))   // deterministic
    }
}
