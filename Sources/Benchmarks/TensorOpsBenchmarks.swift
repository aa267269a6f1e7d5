import Foundation
import Tensors

/// Forward + backward times of the loss-side tensor ops at the training size (batch 4, 128x96).
let tensorOpsBenchmarks = BenchmarkSection(name: "tensor-ops") { table in
    let (batch, height, width) = (4, 96, 128)
    func filled(_ shape: [Int], _ scale: Float, requiresGradient: Bool = true) -> Tensor {
        let count = shape.reduce(1, *)
        let values = (0..<count).map { Float(($0 * 7919) % 1000) / 1000 * scale }
        return Tensor(shape: shape, values: values, requiresGradient: requiresGradient)
    }
    let image = filled([batch, 3, height, width], 1)
    let mask = filled([batch, 1, height, width], 1)
    let grid = filled([batch, height, width, 2], 2) - 1
    let sourceImage = filled([batch, 3, height, width], 1, requiresGradient: false)
    let leafGrid = Tensor(shape: grid.shape, storage: grid.storage, requiresGradient: true)

    func measure(_ name: String, _ loss: () -> Tensor) {
        let forward = measureSeconds(repeats: 5) { _ = withoutGradients(loss) }
        let both = measureSeconds(repeats: 5) { loss().backward() }
        table.add(name, "forward ms", String(format: "%.3f", forward * 1000))
        table.add(name, "forward+backward ms", String(format: "%.3f", both * 1000))
    }
    measure("gridSample [4,3,96,128], grid gradient only") { gridSample(sourceImage, grid: leafGrid).sum() }
    measure("gridSample [4,3,96,128], image + grid gradients") { gridSample(image, grid: leafGrid).sum() }
    measure("averagePool3x3Reflect [4,3,96,128]") { image.averagePool3x3Reflect().sum() }
    measure("broadcast * [4,3,96,128] x [4,1,96,128]") { (image * mask).sum() }
    measure("equal-shape - and abs [4,3,96,128]") { (image - sourceImage).abs().sum() }
    measure("mean(axes: [1]) [4,3,96,128]") { image.mean(axes: [1]).sum() }
    measure("resizedBilinear [4,3,96,128] to 48x64") { image.resizedBilinear(height: 48, width: 64).sum() }
    let features = filled([batch, 64, height, width], 2) - 1
    measure("elu [4,64,96,128]") { features.elu().sum() }
    measure("stackedMinimum of 4 x [4,1,96,128]") { stackedMinimum([mask, mask * 0.5, mask + 0.1, mask * 2]).values.sum() }
}
