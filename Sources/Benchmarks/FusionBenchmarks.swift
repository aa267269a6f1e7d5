import Foundation
import Geometry
import Imaging
import Reconstruction

/// Fusion throughput: masks and voxel merging of synthetic room frames, cloud metrics and their
/// nearest-neighbour queries, and PLY input/output.
let fusionBenchmarks = BenchmarkSection(name: "fusion") { table in
    let width = 256, height = 192, frameCount = 300
    let intrinsics = Intrinsics(fx: 200, fy: 200, cx: 127.5, cy: 95.5, width: width, height: height)
    // A camera walking a loop inside a 6 × 2.6 × 5 m room, turning as it goes.
    let poses = (0..<frameCount).map { i -> RigidTransform in
        let angle = Double(i) / Double(frameCount) * 2 * Double.pi
        let c = cos(angle * 1.5), s = sin(angle * 1.5)
        return RigidTransform(rotation: Matrix3(rows: [c, 0, s], [0, 1, 0], [-s, 0, c]),
                              translation: [1.5 * cos(angle), 0.2 * sin(3 * angle), 1.2 * sin(angle)])
    }
    let roomMinimum: SIMD3<Double> = [-3, -1.3, -2.5], roomMaximum: SIMD3<Double> = [3, 1.3, 2.5]
    let frames = poses.map { pose -> FusionFrame in
        var depths = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let direction = pose.rotation * intrinsics.backproject(pixel: [Double(x), Double(y)], depth: 1)
                let toMaximum = (roomMaximum - pose.translation) / direction
                let toMinimum = (roomMinimum - pose.translation) / direction
                depths[y * width + x] = Float(pointwiseMax(toMaximum, toMinimum).min())   // exit of the room box
            }
        }
        let depth = DepthMap(width: width, height: height, depths: depths)
        let color = Image(width: width, height: height, channels: 3,
                          pixels: depths.flatMap { [($0 / 4).truncatingRemainder(dividingBy: 1), 0.5, 0.2] })
        return FusionFrame(depth: depth, color: color, worldFromCamera: pose)
    }
    let points = Double(frameCount * width * height)

    var cloud = PointCloud.empty
    let fusionSeconds = measureSeconds(repeats: 2) {
        var fusion = VoxelFusion(intrinsics: intrinsics, voxelSize: 0.01)
        for frame in frames { fusion.add(frame) }
        cloud = fusion.cloud(minimumObservations: 2)
    }
    table.add("voxel fusion 300 × 256x192, 1 cm", "points/s", String(format: "%.2fM", points / fusionSeconds / 1e6), target: "≥ 5M")
    table.add("voxel fusion 300 × 256x192, 1 cm", "voxels seen ≥ 2 frames", "\(cloud.count)")

    let checker = ConsistencyChecker(intrinsics: intrinsics)
    let maskSeconds = measureSeconds(repeats: 2) {
        for i in stride(from: 2, to: 42, by: 1) {
            _ = checker.mask(depth: frames[i].depth, worldFromCamera: frames[i].worldFromCamera,
                             neighbours: [-2, -1, 1, 2].map { (frames[i + $0].depth, frames[i + $0].worldFromCamera) })
        }
    }
    table.add("consistency mask, 4 neighbours, 256x192", "frames/s", String(format: "%.0f", 40 / maskSeconds))

    // About a million points on each side: the fused cloud and two copies offset by 7 mm.
    let predicted = [SIMD3<Float>.zero, [0.007, 0, 0], [0, 0.007, 0]].flatMap { offset in cloud.positions.map { $0 + offset } }
    let ground = predicted.map { $0 + SIMD3<Float>(0.004, -0.003, 0.002) }
    var evaluation: CloudEvaluation?
    let metricSeconds = measureSeconds(repeats: 1) {
        evaluation = CloudMetrics.evaluate(predicted: predicted, groundTruth: ground)
    }
    let label = "cloud metrics, \(predicted.count) vs \(ground.count) points"
    table.add(label, "seconds", String(format: "%.2f", metricSeconds), target: "seconds for ~1M")
    table.add(label, "F-score at 5 cm", String(format: "%.3f", evaluation!.scores[0].fScore))
    nearestNeighbourBenchmarks(&table)

    let large = PointCloud(positions: predicted, colors: Array(repeating: [200, 100, 50], count: predicted.count),
                           observationCounts: Array(repeating: 3, count: predicted.count),
                           meanErrors: Array(repeating: 0.1, count: predicted.count))
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-benchmark-\(getpid()).ply")
    let writeSeconds = measureSeconds(repeats: 2) { try! PLY.write(large, to: url) }
    let readSeconds = measureSeconds(repeats: 2) { _ = try! PLY.read(url) }
    try? FileManager.default.removeItem(at: url)
    table.add("PLY binary, \(large.count) points", "write seconds", String(format: "%.3f", writeSeconds))
    table.add("PLY binary, \(large.count) points", "read seconds", String(format: "%.3f", readSeconds))
}
