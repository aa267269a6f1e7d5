import Geometry
import Imaging
import Reconstruction
import Testing

/// Mismatched sizes are programmer errors: each API stops the process (release builds keep the
/// preconditions but not their messages, so only the stop is checked here).
@Suite struct PreconditionTests {
    @Test func mismatchedSizesStopTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let intrinsics = Intrinsics(fx: 10, fy: 10, cx: 2, cy: 2, width: 4, height: 4)
            var fusion = VoxelFusion(intrinsics: intrinsics, voxelSize: 0.02)
            let depth = DepthMap(width: 2, height: 2, depths: [1, 1, 1, 1])
            fusion.add(FusionFrame(depth: depth, color: Image(width: 2, height: 2, channels: 3), worldFromCamera: .identity))
        }
        await #expect(processExitsWith: .failure) {
            let depth = DepthMap(width: 2, height: 2, depths: [1, 1, 1, 1])
            _ = FusionFrame(depth: depth, color: Image(width: 3, height: 2, channels: 3), worldFromCamera: .identity)
        }
        await #expect(processExitsWith: .failure) {
            let intrinsics = Intrinsics(fx: 10, fy: 10, cx: 1, cy: 1, width: 2, height: 2)
            let depth = DepthMap(width: 2, height: 2, depths: [1, 1, 1, 1])
            let other = DepthMap(width: 1, height: 1, depths: [1])
            _ = ConsistencyChecker(intrinsics: intrinsics).mask(depth: depth, worldFromCamera: .identity,
                                                                neighbours: [(other, .identity)])
        }
        await #expect(processExitsWith: .failure) {
            _ = PointCloud(positions: [.zero], colors: [])
        }
        await #expect(processExitsWith: .failure) {
            _ = CloudMetrics.evaluate(predicted: [], groundTruth: [.zero])
        }
        await #expect(processExitsWith: .failure) {
            _ = DepthMetrics.evaluate(predicted: [], groundTruth: [DepthMap(width: 1, height: 1, depths: [1])], scaling: .none)
        }
        await #expect(processExitsWith: .failure) {
            _ = TrajectoryMetrics.evaluate(estimated: [.identity], groundTruth: [.identity, .identity])
        }
    }
}
