import Testing
@testable import Reconstruction

@Suite struct StereoNeighbourhoodTests {
    /// Cameras 5 cm apart on a line.
    static let centres = (0..<40).map { SIMD3<Double>(0.05 * Double($0), 0, 0) }

    /// With a median depth of 3.1 m, 5 % and an eighth of it (0.155 and 0.39 m) are reached 4 and
    /// 8 frames away.
    @Test func sourcesSitAtTwoBaselinesOnEachSide() {
        #expect(StereoNeighbourhood.sources(centres: Self.centres, reference: 20, medianDepth: 3.1) == [16, 12, 24, 28])
    }

    /// At the start only the later side has frames; a side whose frames are all too close gives none.
    @Test func missingAndTooCloseSidesGiveNoSources() {
        #expect(StereoNeighbourhood.sources(centres: Self.centres, reference: 0, medianDepth: 3.1) == [4, 8])
        let still = [SIMD3<Double>](repeating: .zero, count: 10)
        #expect(StereoNeighbourhood.sources(centres: still, reference: 5, medianDepth: 2).isEmpty)
    }

    /// A side that never reaches the longer baseline gives its farthest frame instead.
    @Test func aShortSideGivesItsFarthestFrame() {
        let slow = (0..<10).map { SIMD3<Double>(0.03 * Double($0), 0, 0) }
        // depth 3.1: 5 % is 0.155 m (6 frames), an eighth 0.39 m (never); the farthest later frame is 9.
        #expect(StereoNeighbourhood.sources(centres: slow, reference: 0, medianDepth: 3.1) == [6, 9])
    }

    /// The later side is complete once a frame reaches an eighth of the depth (0.39 m), or after 30 frames.
    @Test func laterSideCompletes() {
        let origin = SIMD3<Double>.zero
        #expect(!StereoNeighbourhood.laterSideIsComplete(reference: origin, later: Array(Self.centres[1...7]), medianDepth: 3.1))
        #expect(StereoNeighbourhood.laterSideIsComplete(reference: origin, later: Array(Self.centres[1...8]), medianDepth: 3.1))
        let still = [SIMD3<Double>](repeating: .zero, count: 30)
        #expect(StereoNeighbourhood.laterSideIsComplete(reference: origin, later: still, medianDepth: 2))
        #expect(!StereoNeighbourhood.laterSideIsComplete(reference: origin, later: Array(still.prefix(29)), medianDepth: 2))
    }
}
