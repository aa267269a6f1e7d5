import Foundation
import Geometry
import Imaging
import Reconstruction
import Testing

@Suite struct VoxelFusionTests {
    let scene = SyntheticScene.room()

    /// Twelve cameras around the room's centre, looking outwards at different yaws and heights.
    var poses: [RigidTransform] {
        (0..<12).map { i in
            let angle = Double(i) * .pi / 6
            return camera(at: [0.9 * sin(angle), 0.3 * Double(i % 3 - 1), 0.9 * cos(angle) - 0.6], yaw: angle)
        }
    }

    @Test(arguments: [Float(0.02), 0.05])
    func fusingExactDepthReproducesTheSurfaceWithinOneVoxel(voxelSize: Float) {
        var fusion = VoxelFusion(intrinsics: scene.intrinsics, voxelSize: voxelSize)
        var truePoints: [SIMD3<Float>] = []
        for pose in poses {
            let depth = scene.depth(worldFromCamera: pose)
            fusion.add(FusionFrame(depth: depth, color: scene.color(for: depth), worldFromCamera: pose))
            for y in 0..<depth.height {
                for x in 0..<depth.width where depth[x, y] > 0 {
                    let p = pose.apply(scene.intrinsics.backproject(pixel: [Double(x), Double(y)], depth: Double(depth[x, y])))
                    truePoints.append(SIMD3<Float>(p))
                }
            }
        }
        let cloud = fusion.cloud(minimumObservations: 1)
        #expect(cloud.count == fusion.voxelCount)
        #expect(fusion.fusedPixelCount == truePoints.count)
        let worst = cloud.positions.map { scene.surfaceDistance(SIMD3<Double>($0)) }.max() ?? .infinity
        #expect(worst < Double(voxelSize))
        // Coverage: every observed surface point has a fused point within one voxel diagonal.
        let coverage = CloudMetrics.evaluate(predicted: cloud.positions, groundTruth: truePoints,
                                             thresholds: [voxelSize * 1.75])
        #expect(coverage.scores[0].recall == 1)
        #expect(coverage.accuracy < Double(voxelSize))
    }

    @Test func observationsCountDistinctFramesNotPixels() {
        let pose = camera(at: [0, 0, 0], yaw: 0.2)
        let depth = scene.depth(worldFromCamera: pose)
        var fusion = VoxelFusion(intrinsics: scene.intrinsics, voxelSize: 0.5)
        let color = Image(width: depth.width, height: depth.height, channels: 3, repeating: 0.4)
        fusion.add(FusionFrame(depth: depth, color: color, worldFromCamera: pose, errors: Array(repeating: 1, count: depth.depths.count)))
        #expect(fusion.cloud().observationCounts!.allSatisfy { $0 == 1 })
        fusion.add(FusionFrame(depth: depth, color: color, worldFromCamera: pose, errors: Array(repeating: 3, count: depth.depths.count)))
        let cloud = fusion.cloud(minimumObservations: 2)
        #expect(cloud.count == fusion.voxelCount)
        #expect(cloud.observationCounts!.allSatisfy { $0 == 2 })
        #expect(cloud.meanErrors!.allSatisfy { $0 == 2 })
        #expect(cloud.colors.allSatisfy { $0 == SIMD3<UInt8>(102, 102, 102) })
        #expect(fusion.cloud(minimumObservations: 3).count == 0)
        #expect(fusion.frameCount == 2)
    }

    @Test func onlyVoxelsSeenByEnoughFramesAreKept() {
        // Half the field of view is atan(32 / 51.2) ≈ 0.56 rad, so the views overlap for |yaw| < 0.26.
        let left = camera(at: [0, 0, 0], yaw: -0.3), right = camera(at: [0, 0, 0], yaw: 0.3)
        var fusion = VoxelFusion(intrinsics: scene.intrinsics, voxelSize: 0.05)
        for pose in [left, right] {
            let depth = scene.depth(worldFromCamera: pose)
            fusion.add(FusionFrame(depth: depth, color: scene.color(for: depth), worldFromCamera: pose))
        }
        let all = fusion.cloud(minimumObservations: 1), shared = fusion.cloud(minimumObservations: 2)
        #expect(shared.count > 0 && shared.count < all.count / 2)
        for point in shared.positions { #expect(abs(atan2(Double(point.x), Double(point.z))) < 0.3) }
        #expect(all.meanErrors == nil)
    }

    @Test func maskedPixelsAreNotFused() {
        let pose = camera(at: [0, 0, 0], yaw: 0)
        let depth = scene.depth(worldFromCamera: pose)
        var verdicts = Array(repeating: PixelVerdict.occluded, count: depth.depths.count)
        verdicts[0] = .verified
        let mask = RejectionMask(width: depth.width, height: depth.height, verdicts: verdicts, keepsUnverified: true)
        var fusion = VoxelFusion(intrinsics: scene.intrinsics, voxelSize: 0.02)
        fusion.add(FusionFrame(depth: depth, color: scene.color(for: depth), worldFromCamera: pose, mask: mask))
        #expect(fusion.fusedPixelCount == 1)
        #expect(fusion.cloud().count == 1)
    }

    @Test func outOfRangeColoursAndPosesAreClampedOrSkipped() {
        let depth = DepthMap(width: scene.intrinsics.width, height: scene.intrinsics.height,
                             depths: Array(repeating: 2, count: scene.intrinsics.width * scene.intrinsics.height))
        var color = Image(width: depth.width, height: depth.height, channels: 3, repeating: 2)
        color[0, 0, 1] = -1
        color[0, 0, 2] = .nan
        var fusion = VoxelFusion(intrinsics: scene.intrinsics, voxelSize: 10)
        fusion.add(FusionFrame(depth: depth, color: color, worldFromCamera: .identity))
        let nowhere = RigidTransform(translation: [.nan, 0, 0])
        fusion.add(FusionFrame(depth: depth, color: color, worldFromCamera: nowhere))
        let far = RigidTransform(translation: [1e9, 0, 0])
        fusion.add(FusionFrame(depth: depth, color: color, worldFromCamera: far))
        #expect(fusion.fusedPixelCount == depth.depths.count)
        #expect(fusion.cloud().colors.allSatisfy { $0.x == 255 })
    }

    @Test func fusionIsBitIdenticalRunToRun() {
        func run() -> PointCloud {
            var fusion = VoxelFusion(intrinsics: scene.intrinsics, voxelSize: 0.03)
            for pose in poses {
                let depth = scene.depth(worldFromCamera: pose)
                fusion.add(FusionFrame(depth: depth, color: scene.color(for: depth), worldFromCamera: pose))
            }
            return fusion.cloud(minimumObservations: 2)
        }
        #expect(run() == run())
    }
}
