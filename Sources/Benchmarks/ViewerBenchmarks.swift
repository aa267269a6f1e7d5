import Foundation
import Geometry
import Viewer

/// Frame times of the point viewer at 1280x720 in a hidden window (run under `xvfb-run -a`;
/// with Mesa's llvmpipe the GPU is the CPU). "moving" turns the camera every frame, so each frame
/// draws the level-of-detail slice from scratch; "still" measures how long the view takes to
/// refine to every point once the camera stops; "every point" draws the whole cloud in one frame.
/// Eye-dome lighting adds a full-screen pass to each frame, which the level of detail absorbs by
/// drawing fewer points.
let viewerBenchmarks = BenchmarkSection(name: "viewer") { table in
    for count in [1_000_000, 5_000_000] {
        let name = "viewer \(count / 1_000_000)M points 1280x720"
        let session: ViewerSession
        do {
            session = try ViewerSession(scene: syntheticRoom(pointCount: count), options: ViewerOptions(), visible: false) { _ in nil }
        } catch {
            table.add(name, "skipped", "\(error)".split(separator: "\n").first.map(String.init) ?? "")
            continue
        }
        if count == 1_000_000 { table.add("viewer", "driver", session.graphicsDescription) }

        let everyPoint = (0..<3).map { _ in session.renderFrame(everyPoint: true).seconds }.min()!
        table.add(name, "every point, one frame (ms)", String(format: "%.0f", everyPoint * 1000))

        // Moving: the slice adapts during the first frames; time the frames after that.
        var movingTimes: [Double] = [], slices: [Int] = []
        for frame in 0..<40 {
            session.state.handle(.scrolled(offset: frame % 2 == 0 ? 0.05 : -0.05))
            let (points, seconds) = session.renderFrame()
            if frame >= 15 { movingTimes.append(seconds); slices.append(points) }
        }
        let medianMoving = movingTimes.sorted()[movingTimes.count / 2]
        table.add(name, "moving: frame time (ms)", String(format: "%.1f", medianMoving * 1000), target: "< 50 (≥ 20 fps)")
        table.add(name, "moving: points per frame", String(slices.sorted()[slices.count / 2]))

        // Moving with eye-dome lighting: the full-screen shading pass adds to every frame.
        session.state.eyeDomeLighting = true
        var shadedTimes: [Double] = []
        for frame in 0..<30 {
            session.state.handle(.scrolled(offset: frame % 2 == 0 ? 0.05 : -0.05))
            let seconds = session.renderFrame().seconds
            if frame >= 15 { shadedTimes.append(seconds) }
        }
        session.state.eyeDomeLighting = false
        table.add(name, "moving, eye-dome lighting: frame time (ms)", String(format: "%.1f", shadedTimes.sorted()[shadedTimes.count / 2] * 1000))

        // Still: frames until the retained image holds every point.
        var stillSeconds = 0.0, stillFrames = 0
        repeat {
            stillSeconds += session.renderFrame().seconds
            stillFrames += 1
        } while !session.isComplete
        table.add(name, "still: time to full density (s)", String(format: "%.2f", stillSeconds), target: "≈ 1")
        table.add(name, "still: frames to full density", String(stillFrames))
        let idle = (0..<5).map { _ in session.renderFrame().seconds }.min()!
        table.add(name, "complete: frame time without points (ms)", String(format: "%.1f", idle * 1000))
    }
}

/// `pointCount` points on the floor and walls of a 6 × 2.5 × 5 m room, with one camera in it.
private func syntheticRoom(pointCount: Int) -> ViewerScene {
    var generator = SplitMix64(seed: 42)
    var positions = [SIMD3<Float>](), colors = [SIMD3<UInt8>]()
    positions.reserveCapacity(pointCount); colors.reserveCapacity(pointCount)
    for index in 0..<pointCount {
        let u = generator.nextFloat(in: 0...1), v = generator.nextFloat(in: 0...1)
        let point: SIMD3<Float>
        switch index % 4 {
        case 0: point = [-3 + 6 * u, 1.25, -1 + 5 * v]        // floor (y down)
        case 1: point = [-3 + 6 * u, -1.25 + 2.5 * v, 4]      // back wall
        case 2: point = [-3, -1.25 + 2.5 * u, -1 + 5 * v]     // left wall
        default: point = [3, -1.25 + 2.5 * u, -1 + 5 * v]     // right wall
        }
        positions.append(point)
        colors.append(SIMD3<UInt8>(UInt8(u * 255), UInt8(v * 255), UInt8(index % 4 * 60)))
    }
    let cloud = SceneCloud(positions: positions, colors: colors)
    return ViewerScene(cloud: cloud, frames: [SceneFrame(timestamp: 0, worldFromCamera: .identity)],
                 intrinsics: Intrinsics(fx: 525, fy: 525, cx: 319.5, cy: 239.5, width: 640, height: 480))
}
