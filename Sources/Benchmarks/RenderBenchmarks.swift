import Foundation
import Geometry
import Sequences

/// Synthetic room rendering (colour with 2x2 supersampling plus exact depth) on a typical
/// generated room, averaged over 16 poses of its walk. The machine is shared, so besides
/// wall-clock frames/s the table gives the process CPU time per frame: `cores / CPU time` is the
/// rate on that many otherwise idle cores.
let renderBenchmarks = BenchmarkSection(name: "render") { table in
    let scene = RoomGenerator(seed: 1).room(0)
    let poses = scene.cameraPoses(frameCount: 160).enumerated().filter { $0.offset % 10 == 0 }.map(\.element)
    table.add("render room_000", "primitives", "\(scene.furniture.count + 6 + scene.room.openings.count)")
    for (width, height, target) in [(128, 96, "≥ 60 on 2 cores"), (256, 192, "")] {
        let renderer = SceneRenderer(scene: scene, intrinsics: .phone(width: width, height: height), supersampling: 2)
        let seconds = measureSeconds { for pose in poses { _ = renderer.render(pose) } }
        table.add("render \(width)x\(height) 2x2 supersampling", "frames/s (wall clock)",
                  String(format: "%.1f", Double(poses.count) / seconds))
        let cpuStart = processCPUSeconds()
        for pose in poses { _ = renderer.render(pose) }
        let cpuPerFrame = (processCPUSeconds() - cpuStart) / Double(poses.count)
        table.add("render \(width)x\(height) 2x2 supersampling", "CPU ms/frame", String(format: "%.2f", cpuPerFrame * 1000))
        table.add("render \(width)x\(height) 2x2 supersampling", "frames/s on 2 idle cores",
                  String(format: "%.0f", 2 / cpuPerFrame), target: target)
    }
}

/// CPU time used by this process so far (all threads), in seconds.
private func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
