import Foundation
import Geometry
import Reconstruction

/// Exact nearest-neighbour queries against a dense surface, as `packsfm eval` runs them: queries
/// near the surface (a good reconstruction) and scattered over a region 10 times wider (a badly
/// scaled one, whose queries lie far from every surface point). Part of the fusion section.
func nearestNeighbourBenchmarks(_ table: inout BenchmarkTable) {
    // The faces of a 4 × 3 × 2.5 m box sampled every 9 mm: about 730k points.
    let size: SIMD3<Float> = [4, 3, 2.5], spacing: Float = 0.009
    var surface: [SIMD3<Float>] = []
    for axis in 0..<3 {
        let (u, v) = ((axis + 1) % 3, (axis + 2) % 3)
        let uCount = Int(size[u] / spacing) + 1, vCount = Int(size[v] / spacing) + 1
        for side in [Float(0), size[axis]] {
            for i in 0..<uCount {
                for j in 0..<vCount {
                    var point = SIMD3<Float>.zero
                    point[axis] = side
                    point[u] = Float(i) * spacing
                    point[v] = Float(j) * spacing
                    surface.append(point)
                }
            }
        }
    }
    var random = SplitMix64(seed: 5)
    let centre = size / 2
    let scattered = (0..<500_000).map { _ in
        centre + 5 * SIMD3<Float>(random.nextFloat(in: -size.x...size.x), random.nextFloat(in: -size.y...size.y),
                                  random.nextFloat(in: -size.z...size.z))
    }
    let near = (0..<500_000).map { _ in
        surface[Int.random(in: 0..<surface.count, using: &random)]
            + SIMD3<Float>(random.nextFloat(in: -0.05...0.05), random.nextFloat(in: -0.05...0.05), random.nextFloat(in: -0.05...0.05))
    }
    for (name, queries) in [("near the surface", near), ("scattered 10× wider", scattered)] {
        let seconds = measureSeconds(repeats: 2) { _ = CloudMetrics.distances(from: queries, to: surface) }
        let label = "nearest neighbours, \(queries.count / 1000)k queries \(name) vs \(surface.count / 1000)k surface points"
        table.add(label, "ms (index build included)", String(format: "%.0f", seconds * 1000))
        table.add(label, "queries/s", String(format: "%.2fM", Double(queries.count) / seconds / 1e6))
    }
}
