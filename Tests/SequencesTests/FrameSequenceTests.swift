import Foundation
import Testing
import Geometry
import Sequences

@Suite struct FrameSequenceTests {
    @Test func defaultDepthScaleIsTUMs() {
        let camera = Intrinsics(fx: 1, fy: 1, cx: 0, cy: 0, width: 32, height: 32)
        let sequence = FrameSequence(name: "empty", intrinsics: camera, frames: [])
        #expect(sequence.depthScale == 5000)
    }
}
