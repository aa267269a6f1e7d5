import Foundation
import Parallelism

/// One pass of the joint bilateral filter with a validity mask (`mask` 1 = valid, 0 = invalid):
/// each valid pixel becomes the average of the valid values in its (2·`radius` + 1)² window,
/// weighted by `exp(−Δx²/2σs²) · exp(−|ΔRGB|²/2σc²)` of the pixel offset and of the guide's colour
/// difference. The colour weight is read from a table (1024 steps over |ΔRGB|² ≤ 2σc²·12, and
/// 0 beyond, where it is below 6·10⁻⁶). Invalid pixels come back unspecified.
func jointBilateralFilter(_ values: [Float], mask: [Float], guide: GuidePlanes, radius: Int,
                          spatialSigma: Float, colorSigma: Float) -> [Float] {
    let (width, height) = (guide.width, guide.height)
    let side = 2 * radius + 1
    let spatialWeights = (0..<side * side).map { offset -> Float in
        let dx = Float(offset % side - radius), dy = Float(offset / side - radius)
        return exp(-(dx * dx + dy * dy) / (2 * spatialSigma * spatialSigma))
    }
    let tableSize = 1024
    let colorCutoff = 2 * colorSigma * colorSigma * 12
    let tableScale = Float(tableSize - 1) / colorCutoff
    let colorWeights = (0..<tableSize).map { step in
        exp(-(Float(step) / tableScale) / (2 * colorSigma * colorSigma))
    }
    var output = [Float](repeating: 0, count: values.count)
    // Raw buffers: this loop runs (2r+1)² times per pixel, and array bounds checks would double its cost.
    values.withUnsafeBufferPointer { values in
    mask.withUnsafeBufferPointer { mask in
    guide.red.withUnsafeBufferPointer { red in
    guide.green.withUnsafeBufferPointer { green in
    guide.blue.withUnsafeBufferPointer { blue in
    spatialWeights.withUnsafeBufferPointer { spatialWeights in
    colorWeights.withUnsafeBufferPointer { colorWeights in
    output.withUnsafeMutableBufferPointer { output in
        Parallel.forEachChunk(height, minimumPerChunk: 4) { rows in
            for y in rows {
                for x in 0..<width where mask[y * width + x] > 0 {
                    let center = y * width + x
                    let (centerRed, centerGreen, centerBlue) = (red[center], green[center], blue[center])
                    var weightedSum: Float = 0, weightSum: Float = 0
                    for neighbourY in max(0, y - radius)...min(height - 1, y + radius) {
                        let spatialRow = (neighbourY - y + radius) * side + radius - x
                        for neighbourX in max(0, x - radius)...min(width - 1, x + radius) {
                            let neighbour = neighbourY * width + neighbourX
                            guard mask[neighbour] > 0 else { continue }
                            let dr = red[neighbour] - centerRed, dg = green[neighbour] - centerGreen, db = blue[neighbour] - centerBlue
                            let colorDistance = dr * dr + dg * dg + db * db
                            guard colorDistance < colorCutoff else { continue }
                            let weight = spatialWeights[spatialRow + neighbourX] * colorWeights[Int(colorDistance * tableScale)]
                            weightedSum += weight * values[neighbour]
                            weightSum += weight
                        }
                    }
                    output[center] = weightedSum / weightSum
                }
            }
        }
    }}}}}}}}
    return output
}
