import Foundation
import Tensors

/// One convolution layer of PackNet-S (shared/ARCHITECTURE.md defaults) at a given input size.
private struct ConvolutionLayer {
    let name: String
    let inputChannels: Int, outputChannels: Int, kernel: Int
    /// Downscaling of the layer's input relative to the network input (1, 2, 4, ... 32).
    let scale: Int
    var stride = 1

    /// Multiply-adds × 2 of the forward pass for a batch of `batch` images of `height`×`width`.
    func forwardFlops(batch: Int, height: Int, width: Int) -> Double {
        let outputPixels = Double(height / scale / stride) * Double(width / scale / stride)
        return 2 * Double(batch * outputChannels * inputChannels * kernel * kernel) * outputPixels
    }
}

/// The depth network's convolutions, one per distinct shape: the 5x5 stem, the Pack and Unpack
/// convolutions, the residual 3x3 and 1x1 shortcut convolutions of each scale, and the iconvs;
/// plus the first (7x7, stride 2) convolution of the pose network.
private let packNetLayers: [ConvolutionLayer] = [
    ConvolutionLayer(name: "pre 5x5 3→16", inputChannels: 3, outputChannels: 16, kernel: 5, scale: 1),
    ConvolutionLayer(name: "enc1 5x5 16→16", inputChannels: 16, outputChannels: 16, kernel: 5, scale: 1),
    ConvolutionLayer(name: "pack1 3x3 128→16", inputChannels: 128, outputChannels: 16, kernel: 3, scale: 2),
    ConvolutionLayer(name: "enc2 3x3 16→32", inputChannels: 16, outputChannels: 32, kernel: 3, scale: 2),
    ConvolutionLayer(name: "enc2 3x3 32→32", inputChannels: 32, outputChannels: 32, kernel: 3, scale: 2),
    ConvolutionLayer(name: "enc2 shortcut 1x1 16→32", inputChannels: 16, outputChannels: 32, kernel: 1, scale: 2),
    ConvolutionLayer(name: "pack2 3x3 256→32", inputChannels: 256, outputChannels: 32, kernel: 3, scale: 4),
    ConvolutionLayer(name: "enc3 3x3 64→64", inputChannels: 64, outputChannels: 64, kernel: 3, scale: 4),
    ConvolutionLayer(name: "pack3 3x3 512→64", inputChannels: 512, outputChannels: 64, kernel: 3, scale: 8),
    ConvolutionLayer(name: "enc4 3x3 96→96", inputChannels: 96, outputChannels: 96, kernel: 3, scale: 8),
    ConvolutionLayer(name: "pack4 3x3 768→96", inputChannels: 768, outputChannels: 96, kernel: 3, scale: 16),
    ConvolutionLayer(name: "enc5 3x3 128→128", inputChannels: 128, outputChannels: 128, kernel: 3, scale: 16),
    ConvolutionLayer(name: "pack5 3x3 1024→128", inputChannels: 1024, outputChannels: 128, kernel: 3, scale: 32),
    ConvolutionLayer(name: "unpack5 3x3 128→128", inputChannels: 128, outputChannels: 128, kernel: 3, scale: 32),
    ConvolutionLayer(name: "iconv5 3x3 224→128", inputChannels: 224, outputChannels: 128, kernel: 3, scale: 16),
    ConvolutionLayer(name: "iconv3 3x3 97→64", inputChannels: 97, outputChannels: 64, kernel: 3, scale: 4),
    ConvolutionLayer(name: "unpack1 3x3 32→32", inputChannels: 32, outputChannels: 32, kernel: 3, scale: 2),
    ConvolutionLayer(name: "iconv1 3x3 33→16", inputChannels: 33, outputChannels: 16, kernel: 3, scale: 1),
    ConvolutionLayer(name: "pose convs.0 7x7/2 6→16", inputChannels: 6, outputChannels: 16, kernel: 7, scale: 1, stride: 2),
]

/// Deterministic values in [-1, 1).
private func benchmarkTensor(_ shape: [Int], requiresGradient: Bool = false) -> Tensor {
    var state: UInt32 = 12345
    let values = (0..<shape.reduce(1, *)).map { _ -> Float in
        state = state &* 1664525 &+ 1013904223
        return Float(state >> 8) / Float(1 << 24) * 2 - 1
    }
    return Tensor(shape: shape, values: values, requiresGradient: requiresGradient)
}

/// One layer at one input size with its tensors, and the best forward and backward seconds
/// seen so far with each algorithm.
private final class LayerTiming {
    let layer: ConvolutionLayer
    let width: Int, height: Int, batch = 4
    let algorithms: [ConvolutionAlgorithm]
    private let x: Tensor, weight: Tensor, bias: Tensor
    private(set) var best: [(forward: Double, backward: Double)]

    init(_ layer: ConvolutionLayer, width: Int, height: Int, algorithms: [ConvolutionAlgorithm]) {
        self.layer = layer; self.width = width; self.height = height; self.algorithms = algorithms
        x = benchmarkTensor([batch, layer.inputChannels, height / layer.scale, width / layer.scale], requiresGradient: true)
        weight = benchmarkTensor([layer.outputChannels, layer.inputChannels, layer.kernel, layer.kernel], requiresGradient: true)
        bias = benchmarkTensor([layer.outputChannels], requiresGradient: true)
        best = Array(repeating: (.infinity, .infinity), count: algorithms.count)
    }

    /// With each algorithm in turn: one forward and backward pass to bring the layer's data
    /// into the caches (as in the network, where the previous layer has just written its
    /// input), then one timed.
    func measure() {
        for (index, algorithm) in algorithms.enumerated() {
            for timed in [false, true] {
                let start = DispatchTime.now().uptimeNanoseconds
                let y = conv2d(x, weight: weight, bias: bias, stride: layer.stride, padding: layer.kernel / 2, algorithm: algorithm)
                let middle = DispatchTime.now().uptimeNanoseconds
                y.backward()
                let end = DispatchTime.now().uptimeNanoseconds
                if timed {
                    best[index] = (min(best[index].forward, Double(middle - start) / 1e9),
                                   min(best[index].backward, Double(end - middle) / 1e9))
                }
                x.zeroGradient(); weight.zeroGradient(); bias.zeroGradient()
            }
        }
    }
}

/// Rounds of the "tensors" section: every layer is timed once per round.
private let rounds = 8

/// The "tensors" section: the sgemm ceiling and conv2d throughput on PackNet-S layer shapes.
///
/// The machine is shared and its speed drifts for seconds at a time, so every layer (and the
/// sgemm ceiling) is timed once per round over ``rounds`` rounds that span the whole section,
/// and each keeps its best time: a slow spell falls on all of them alike rather than on the
/// layers that happened to be timed during it.
let tensorsBenchmarks = BenchmarkSection(name: "tensors") { table in
    let words = BenchmarkArguments.layerWords
    let layers = packNetLayers.filter { layer in words.isEmpty || words.contains(where: layer.name.contains) }
    if layers.isEmpty {
        FileHandle.standardError.write("Benchmarks: --layers \(words.joined(separator: ",")) names none of the layers: \(packNetLayers.map(\.name).joined(separator: "; "))\n".data(using: .utf8)!)
        exit(1)
    }
    var ceiling = sgemmGigaflops(repeats: 5)
    // Where the CPU has AVX-512 the automatic choice uses its kernels; AVX2's are timed beside them.
    let algorithms: [ConvolutionAlgorithm] = CPUFeatures.hasAVX512 ? [.automatic, .automaticAVX2, .im2col] : [.automatic, .im2col]
    let timings = [(128, 96), (256, 192)].flatMap { width, height in
        layers.map { LayerTiming($0, width: width, height: height, algorithms: algorithms) }
    }
    for _ in 0..<rounds {
        for timing in timings { timing.measure() }
        ceiling = max(ceiling, sgemmGigaflops(repeats: 1))
    }
    table.add("sgemm 1024³, OpenBLAS \(BLAS.kernelFamily) kernels", "GFLOP/s (best sample: split across cores or OpenBLAS threads)", String(format: "%.1f", ceiling))
    table.add("direct convolution kernels", "vector width", CPUFeatures.hasAVX512 ? "AVX-512 (16 floats)" : CPUFeatures.hasAVX2AndFMA ? "AVX2 (8 floats)" : "none (im2col + gemm only)")
    func describe(flops: Double, seconds: Double, avx2Seconds: Double?, im2colSeconds: Double) -> String {
        let rate = flops / seconds / 1e9
        let avx2 = avx2Seconds.map { String(format: "AVX2 kernels %.2f ms; ", 1e3 * $0) } ?? ""
        return String(format: "%.1f (%.0f%% of sgemm, %.2f ms; %@im2col + gemm %.2f ms)",
                      rate, 100 * rate / ceiling, 1e3 * seconds, avx2, 1e3 * im2colSeconds)
    }
    for timing in timings {
        let name = "conv2d \(timing.layer.name) @\(timing.width)x\(timing.height) b\(timing.batch)"
        let flops = timing.layer.forwardFlops(batch: timing.batch, height: timing.height, width: timing.width)
        let avx2 = CPUFeatures.hasAVX512 ? timing.best[1] : nil, im2col = timing.best.last!
        table.add(name, "forward GFLOP/s",
                  describe(flops: flops, seconds: timing.best[0].forward, avx2Seconds: avx2?.forward, im2colSeconds: im2col.forward),
                  target: "≥ 50% of sgemm")
        table.add(name, "backward GFLOP/s",
                  describe(flops: 2 * flops, seconds: timing.best[0].backward, avx2Seconds: avx2?.backward, im2colSeconds: im2col.backward),
                  target: "≥ 50% of sgemm")
    }
    addLayerTimings(&table)
}

/// Best-of-`repeats` milliseconds of `forward` and of the backward pass of its result.
private func timeForwardBackward(repeats: Int, inputs: [Tensor], _ forward: () -> Tensor) -> (forward: Double, backward: Double) {
    var best = (forward: Double.infinity, backward: Double.infinity)
    for _ in 0...repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        let y = forward()
        let middle = DispatchTime.now().uptimeNanoseconds
        y.backward()
        let end = DispatchTime.now().uptimeNanoseconds
        best = (min(best.forward, Double(middle - start) / 1e6), min(best.backward, Double(end - middle) / 1e6))
        for input in inputs { input.zeroGradient() }
    }
    return best
}

/// Forward and backward times of the non-gemm layers around the convolutions, at 256x192, batch 4.
private func addLayerTimings(_ table: inout BenchmarkTable) {
    let features = benchmarkTensor([4, 16, 192, 256], requiresGradient: true)
    let scale = benchmarkTensor([16], requiresGradient: true), shift = benchmarkTensor([16], requiresGradient: true)
    let cases: [(String, [Tensor], () -> Tensor)] = [
        ("groupNorm 8 groups [4, 16, 192, 256]", [features, scale, shift], { groupNorm(features, groupCount: 8, weight: scale, bias: shift) }),
        ("elu [4, 16, 192, 256]", [features], { features.elu() }),
        ("pixelUnshuffle 2 [4, 16, 192, 256]", [features], { features.pixelUnshuffle(2) }),
        ("upsampleBilinear2x [4, 16, 192, 256]", [features], { features.upsampleBilinear2x() }),
    ]
    for (name, inputs, body) in cases {
        let times = timeForwardBackward(repeats: 3, inputs: inputs, body)
        table.add(name, "forward / backward ms", String(format: "%.2f / %.2f", times.forward, times.backward))
    }
    let taps = benchmarkTensor([2, 1, 3, 3, 3], requiresGradient: true), offsets = benchmarkTensor([2], requiresGradient: true)
    for (shape, layer) in [([4, 64, 96, 128], "pack1 at 256x192"), ([4, 128, 12, 16], "pack3 at 128x96")] {
        let packed = benchmarkTensor(shape, requiresGradient: true)
        let times = timeForwardBackward(repeats: 3, inputs: [packed, taps, offsets]) { channelConv3d(packed, weight: taps, bias: offsets) }
        table.add("channelConv3d d=2 \(shape) (\(layer))", "forward / backward ms",
                  String(format: "%.2f / %.2f", times.forward, times.backward))
    }
}
