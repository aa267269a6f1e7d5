import Foundation
import Geometry
import Imaging
import Reconstruction
import Testing

@Suite struct FusionPipelineTests {
    let scene = SyntheticScene.room()

    @Test func framesAreMaskedAgainstTheirNeighboursFusedAndReturnedInOrder() {
        let poses = (0..<6).map { camera(at: [0.1 * Double($0) - 0.6, 0.8, -1.5], yaw: 0.05 * Double($0)) }
        var pipeline = FusionPipeline(checker: ConsistencyChecker(intrinsics: scene.intrinsics), voxelSize: 0.05,
                                      neighbourOffsets: [-1, 2])
        var done: [FusionPipeline.ProcessedFrame] = []
        var returnedAfter: [Int] = []
        for (i, pose) in poses.enumerated() {
            let depth = scene.depth(worldFromCamera: pose)
            done += pipeline.add(FusionFrame(depth: depth, color: scene.color(for: depth), worldFromCamera: pose,
                                             errors: Array(repeating: Float(i), count: depth.depths.count)),
                                 timestamp: Double(i) / 10)
            returnedAfter.append(done.count)
        }
        // Frame i waits for frame i + 2.
        #expect(returnedAfter == [0, 0, 1, 2, 3, 4])
        done += pipeline.finish()
        #expect(done.map(\.timestamp) == [0, 0.1, 0.2, 0.3, 0.4, 0.5])
        #expect(pipeline.fusion.frameCount == 6)
        #expect(pipeline.fusion.fusedPixelCount == done.reduce(0) { $0 + $1.mask.keptCount })
        #expect(done.map(\.statistics.meanError) == [0, 1, 2, 3, 4, 5])
        // Exact depth: most pixels verified, the box's silhouette flagged, its hidden wall occluded.
        for frame in done {
            let s = frame.statistics
            #expect(s.verified > s.occluded + s.flyingPixel + s.inconsistent)
            #expect(s.flyingPixel > 0)
            #expect(s.kept == s.verified + s.unverified)
        }
        // The last frame has only a neighbour behind it, the first only ahead: both are checked.
        #expect(done.first!.statistics.unverified < done.first!.statistics.verified)
        #expect(done.last!.statistics.unverified < done.last!.statistics.verified)
    }
}
