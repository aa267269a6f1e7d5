import Foundation
import Geometry
import Testing

@Suite struct UmeyamaTests {
    func randomSimilarity(_ generator: inout SplitMix64) -> SimilarityTransform {
        SimilarityTransform(scale: generator.nextDouble(in: 0.3...3), rotation: generator.nextRotation(), translation: generator.nextPoint())
    }

    @Test(arguments: randomSeeds)
    func recoversAKnownSimilarityExactly(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let truth = randomSimilarity(&generator)
        let source = (0..<(3 + Int(seed % 20))).map { _ in generator.nextPoint() }
        let estimate = umeyamaAlignment(from: source, to: source.map(truth.apply))
        #expect(abs(estimate.scale - truth.scale) < 1e-10 * truth.scale)
        #expect(maximumDifference(estimate.rotation, truth.rotation) < 1e-10)
        #expect(distance(estimate.translation, truth.translation) < 1e-9)
    }

    @Test(arguments: randomSeeds)
    func recoversAKnownSimilarityFromNoisyPoints(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let truth = randomSimilarity(&generator)
        let source = (0..<200).map { _ in generator.nextPoint() }
        let target = source.map { truth.apply($0) + 1e-3 * generator.nextPoint(in: -1...1) }
        let estimate = umeyamaAlignment(from: source, to: target)
        #expect(rotationDefect(estimate.rotation) < 1e-12)
        #expect(abs(estimate.scale / truth.scale - 1) < 1e-3)
        #expect(maximumDifference(estimate.rotation, truth.rotation) < 1e-3)
        #expect(distance(estimate.translation, truth.translation) < 1e-2)
    }

    @Test(arguments: randomSeeds.prefix(16))
    func rigidAlignmentKeepsUnitScale(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let truth = generator.nextRigidTransform()
        let source = (0..<10).map { _ in generator.nextPoint() }
        let estimate = umeyamaAlignment(from: source, to: source.map(truth.apply), estimateScale: false)
        #expect(estimate.scale == 1)
        #expect(maximumDifference(estimate.rotation, truth.rotation) < 1e-10)
        #expect(distance(estimate.translation, truth.translation) < 1e-9)
    }

    @Test(arguments: randomSeeds.prefix(16))
    func planarPointsAreEnough(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let truth = randomSimilarity(&generator)
        // A camera path on the floor: all z = 0.
        let source = (0..<12).map { _ in SIMD3<Double>(generator.nextDouble(in: -3...3), generator.nextDouble(in: -3...3), 0) }
        let estimate = umeyamaAlignment(from: source, to: source.map(truth.apply))
        #expect(maximumDifference(estimate.rotation, truth.rotation) < 1e-9)
        #expect(abs(estimate.scale - truth.scale) < 1e-9)
    }

    @Test func mirroredPointsStillGiveAProperRotation() {
        var generator = SplitMix64(seed: 5)
        let source = (0..<30).map { _ in generator.nextPoint() }
        let mirrored = source.map { SIMD3<Double>(-$0.x, $0.y, $0.z) }
        let estimate = umeyamaAlignment(from: source, to: mirrored)
        #expect(rotationDefect(estimate.rotation) < 1e-12)
        #expect(estimate.scale < 1)
    }

    @Test func degenerateInputsGiveValidTransforms() {
        let line = (0..<5).map { SIMD3<Double>(Double($0), 2 * Double($0), 0) }
        let shifted = line.map { 2 * $0 + [1, 1, 1] }
        let estimate = umeyamaAlignment(from: line, to: shifted)
        #expect(rotationDefect(estimate.rotation) < 1e-12)
        #expect(zip(line, shifted).allSatisfy { distance(estimate.apply($0), $1) < 1e-9 })
        let single = umeyamaAlignment(from: [[1, 2, 3]], to: [[4, 5, 6]])
        #expect(single.scale == 1 && single.rotation == .identity && single.apply([1, 2, 3]) == [4, 5, 6])
    }

    @Test(arguments: randomSeeds)
    func symmetricEigenDecomposes(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let q = generator.nextRotation()
        // Eigenvalues spread over many orders of magnitude, some repeated, one possibly negative.
        let values = SIMD3<Double>(generator.nextDouble(in: -1...10), seed % 4 == 0 ? 1e-9 : generator.nextDouble(in: -1...10), seed % 3 == 0 ? 2 : 1e-6)
        let diagonal = Matrix3(rows: [values.x, 0, 0], [0, values.y, 0], [0, 0, values.z])
        let m = q * diagonal * q.transposed
        let (found, vectors) = symmetricEigen(m)
        #expect(found.x >= found.y && found.y >= found.z)
        let sorted = [values.x, values.y, values.z].sorted(by: >)
        #expect(abs(found.x - sorted[0]) < 1e-12 && abs(found.y - sorted[1]) < 1e-12 && abs(found.z - sorted[2]) < 1e-12)
        #expect(maximumDifference(vectors.transposed * vectors, .identity) < 1e-14)
        let rebuilt = vectors * Matrix3(rows: [found.x, 0, 0], [0, found.y, 0], [0, 0, found.z]) * vectors.transposed
        #expect(maximumDifference(rebuilt, m) < 1e-12)
    }
}
