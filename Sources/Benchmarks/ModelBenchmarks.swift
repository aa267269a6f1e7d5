import DepthModels
import Foundation
import Geometry
import Sequences
import Tensors

/// Always returns the same batch: the training step is timed without the rendering cost.
private struct FixedBatch: TrainingDataSource {
    let fixed: TrainingBatch
    mutating func batch(step: Int, size: Int, generator: inout SplitMix64) throws -> TrainingBatch { fixed }
}

/// Peak resident memory of this process so far (VmHWM), in MiB.
private func peakResidentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kilobytes / 1024
}

/// The "model" section: a full PackNet-S depth forward at 256x192, and one training step (depth +
/// pose + photometric losses + backward + Adam) for batch 4 at 128x96, against the sgemm ceiling.
/// Peak memory is the process's: run `Benchmarks model` alone for a clean figure. The shared
/// machine's speed drifts, so the ceiling is sampled before, between and after the timings and
/// the best sample is used.
let modelBenchmarks = BenchmarkSection(name: "model") { table in
    var ceiling = sgemmGigaflops(repeats: 5)

    let inference = PackNetModel()
    let image = Tensor(repeating: 0.5, shape: [1, 3, 192, 256])
    FlopCounter.reset()
    _ = withoutGradients { inference.depth(image) }
    let forwardFlops = Double(FlopCounter.count)
    FlopCounter.reset()
    let forwardRuns = Date()
    let forward = measureSeconds(repeats: 5) { _ = withoutGradients { inference.depth(image) } }
    let forwardConvolutions = (gigaflops: Double(FlopCounter.count) / FlopCounter.seconds / 1e9,
                               share: FlopCounter.seconds / Date().timeIntervalSince(forwardRuns))
    ceiling = max(ceiling, sgemmGigaflops(repeats: 5))

    var options = TrainingOptions()
    options.batchSize = 4; options.width = 128; options.height = 96; options.steps = 1_000_000
    options.checkpointInterval = .infinity
    let scene = RoomGenerator(seed: 3).room(0)
    let camera = Intrinsics.phone(width: 128, height: 96)
    let renderer = SceneRenderer(scene: scene, intrinsics: camera)
    let frames = scene.cameraPoses(frameCount: 12, fps: 10).map { renderer.render(worldFromCamera: $0.worldFromCamera).image }
    var data = FixedBatch(fixed: TrainingBatch(
        target: Tensor(images: Array(frames[1..<5])), previous: Tensor(images: Array(frames[0..<4])),
        next: Tensor(images: Array(frames[2..<6])), intrinsics: camera,
        travelledDistances: ([0.04, 0.04, 0.04, 0.04], [0.04, 0.04, 0.04, 0.04])))
    let checkpoint = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-benchmark-\(UUID()).safetensors")
    defer { try? FileManager.default.removeItem(at: checkpoint) }
    let trainer = Trainer(options: options, checkpointURL: checkpoint)
    var stepsLeft = 2
    try? trainer.run(data: &data, shouldStop: { defer { stepsLeft -= 1 }; return stepsLeft <= 0 })   // warm-up
    FlopCounter.reset()
    let repeats = 8
    stepsLeft = repeats
    var stepSeconds: [Double] = []
    try? trainer.run(data: &data, shouldStop: { defer { stepsLeft -= 1 }; return stepsLeft <= 0 },
                     report: { stepSeconds.append($0.seconds) })
    // The rate against the ceiling takes the best step, as the ceiling is the best sgemm sample;
    // images/s the mean step.
    let seconds = stepSeconds.reduce(0, +) / Double(stepSeconds.count), bestSeconds = stepSeconds.min()!
    let gigaflops = Double(FlopCounter.count) / Double(repeats) / bestSeconds / 1e9
    let stepConvolutions = (gigaflops: Double(FlopCounter.count) / FlopCounter.seconds / 1e9,
                            share: FlopCounter.seconds / Double(repeats) / seconds)
    ceiling = max(ceiling, sgemmGigaflops(repeats: 5))

    table.add("sgemm 1024³, OpenBLAS \(BLAS.kernelFamily) kernels", "GFLOP/s (ceiling, best of three samples)", String(format: "%.1f", ceiling))
    table.add("depth forward 256x192", "ms/image (GFLOP/s)",
              String(format: "%.1f (%.1f GFLOP/s, %.0f%% of sgemm)", forward * 1e3, forwardFlops / forward / 1e9,
                     100 * forwardFlops / forward / 1e9 / ceiling))
    table.add("depth forward 256x192", "convolution layers alone, GFLOP/s",
              String(format: "%.1f (%.0f%% of sgemm; %.0f%% of the forward's time)", forwardConvolutions.gigaflops,
                     100 * forwardConvolutions.gigaflops / ceiling, 100 * forwardConvolutions.share), target: "≥ 50% of sgemm")
    table.add("training step b4 128x96", "ms/step (mean of \(repeats); best)", String(format: "%.0f; %.0f", seconds * 1e3, bestSeconds * 1e3))
    table.add("training step b4 128x96", "images/s (mean step)", String(format: "%.1f", 4 / seconds))
    table.add("training step b4 128x96", "GFLOP/s (convolutions, best step)",
              String(format: "%.1f (%.0f%% of sgemm)", gigaflops, 100 * gigaflops / ceiling), target: "≥ 35% of sgemm")
    table.add("training step b4 128x96", "convolution layers alone, GFLOP/s (forward + backward)",
              String(format: "%.1f (%.0f%% of sgemm; %.0f%% of the step's time)", stepConvolutions.gigaflops,
                     100 * stepConvolutions.gigaflops / ceiling, 100 * stepConvolutions.share), target: "≥ 50% of sgemm")
    table.add("training step b4 128x96", "peak resident memory (MiB)", String(format: "%.0f", peakResidentMiB()), target: "< 2048")
}
