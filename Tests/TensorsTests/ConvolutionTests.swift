import Testing
import TestSupport
@testable import Tensors

@Suite struct ConvolutionTests {
    /// (fixture case, stride, padding)
    static let referenceCases: [(String, Int, Int)] = [
        ("conv_k3_s1_p1", 1, 1), ("conv_k3_s2_p1", 2, 1), ("conv_k5_s1_p2", 1, 2),
        ("conv_k7_s2_p3", 2, 3), ("conv_k1_s1_p0", 1, 0), ("conv_k3_s1_p0", 1, 0),
    ]

    @Test(arguments: referenceCases)
    func forwardMatchesPyTorch(_ name: String, _ stride: Int, _ padding: Int) {
        let x = ConvFixtures.tensor("\(name).input"), weight = ConvFixtures.tensor("\(name).weight")
        let bias = ConvFixtures.reference["\(name).bias"]
        let y = conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
        #expect(ConvFixtures.maximumDifference(y, ConvFixtures.tensor("\(name).output")) < 1e-5)
    }

    /// (input shape, weight shape, stride, padding, with bias)
    static let gradientCases: [([Int], [Int], Int, Int, Bool)] = [
        ([2, 3, 6, 5], [4, 3, 3, 3], 1, 1, true),
        ([1, 2, 7, 8], [3, 2, 3, 3], 2, 1, true),
        ([2, 4, 4, 5], [3, 4, 1, 1], 1, 0, true),
        ([1, 2, 8, 7], [2, 2, 5, 5], 2, 2, false),
        ([1, 3, 5, 5], [2, 3, 3, 3], 1, 0, false),
    ]

    @Test(arguments: gradientCases)
    func gradientsMatchFiniteDifferences(_ xShape: [Int], _ wShape: [Int], _ stride: Int, _ padding: Int, _ withBias: Bool) {
        let worst = ConvFixtures.worstGradientDiscrepancy(input: xShape, weight: wShape, stride: stride, padding: padding,
                                                          withBias: withBias, seed: 1)
        #expect(worst.relativeError < 5e-3, "\(worst)")
    }

    /// The first layer: the image needs no gradient, only the weights and bias do.
    @Test func gradientsFlowToParametersOfAConstantInput() {
        let image = ConvFixtures.random([2, 3, 8, 6], seed: 10)
        let weight = ConvFixtures.random([4, 3, 5, 5], seed: 11, scale: 0.3, requiresGradient: true)
        let bias = ConvFixtures.random([4], seed: 12, requiresGradient: true)
        let worst = checkGradients(of: { conv2d(image, weight: $0[0], bias: $0[1], padding: 2) }, at: [weight, bias])
        #expect(worst.relativeError < 5e-3, "\(worst)")
        #expect(image.gradient == nil)
        let recorded = conv2d(image, weight: weight, bias: bias, padding: 2)
        let unrecorded = withoutGradients { conv2d(image, weight: weight, bias: bias, padding: 2) }
        #expect(recorded.values == unrecorded.values && !unrecorded.requiresGradient)
    }

    /// ⟨im2col x, c⟩ = ⟨x, col2im c⟩ for several geometries (col2im is im2col's adjoint).
    @Test(arguments: [(3, 3, 1, 1), (3, 3, 2, 1), (5, 5, 1, 2), (7, 7, 2, 3), (2, 3, 2, 0)])
    func col2imIsTheAdjointOfIm2col(_ kernelHeight: Int, _ kernelWidth: Int, _ stride: Int, _ padding: Int) {
        let geometry = ConvolutionGeometry(channels: 3, height: 9, width: 8, kernelHeight: kernelHeight,
                                           kernelWidth: kernelWidth, stride: stride, padding: padding)
        let image = ConvFixtures.random([3 * 9 * 8], seed: 4)
        let columns = ConvFixtures.random([geometry.columnRows * geometry.columnCount], seed: 5)
        let unfolded = TensorStorage(count: columns.count)
        im2col(image.storage.pointer, unfolded.pointer, geometry)
        let folded = TensorStorage(count: image.count)
        folded.fill(0)
        col2im(columns.storage.pointer, folded.pointer, geometry)
        let left = zip(unfolded.buffer, columns.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let right = zip(image.values, folded.buffer).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(left - right) < 1e-4 * max(1, abs(left)), "\(left) vs \(right)")
    }

    /// A wide input whose column matrix is split into several row tiles, against direct loops.
    @Test func tiledColumnMatricesMatchDirectLoops() {
        let x = ConvFixtures.random([1, 64, 5, 2000], seed: 8, requiresGradient: true)
        let weight = ConvFixtures.random([2, 64, 3, 3], seed: 9, scale: 0.1, requiresGradient: true)
        let geometry = ConvolutionGeometry(channels: 64, height: 5, width: 2000, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        #expect(geometry.rowTiles.count > 1)
        let y = conv2d(x, weight: weight, bias: nil, padding: 1)
        let input = x.values, taps = weight.values, output = y.values
        var worst: Float = 0
        for o in 0..<2 {
            for row in 0..<5 {
                for column in Swift.stride(from: 0, to: 2000, by: 37) {
                    var sum = 0.0
                    for c in 0..<64 {
                        for kh in 0..<3 {
                            for kw in 0..<3 {
                                let r = row + kh - 1, q = column + kw - 1
                                guard r >= 0 && r < 5 && q >= 0 && q < 2000 else { continue }
                                sum += Double(input[(c * 5 + r) * 2000 + q]) * Double(taps[((o * 64 + c) * 3 + kh) * 3 + kw])
                            }
                        }
                    }
                    worst = max(worst, abs(Float(sum) - output[(o * 5 + row) * 2000 + column]))
                }
            }
        }
        #expect(worst < 1e-4)
        let gradient = checkGradients(of: { conv2d($0[0], weight: $0[1], bias: nil, padding: 1) }, at: [x, weight],
                                      elementsPerInput: 8)
        #expect(gradient.relativeError < 1e-2, "\(gradient)")
    }

    @Test func resultsAreBitIdenticalRunToRun() {
        let x = ConvFixtures.random([2, 16, 24, 20], seed: 6, requiresGradient: true)
        let weight = ConvFixtures.random([8, 16, 3, 3], seed: 7, requiresGradient: true)
        func run() -> ([Float], [Float]) {
            x.zeroGradient()
            let y = conv2d(x, weight: weight, bias: nil, stride: 1, padding: 1)
            y.backward()
            return (y.values, x.gradient!.values)
        }
        let first = run(), second = run()
        let identical = first.0 == second.0 && first.1 == second.1
        #expect(identical, "results differ between runs")
    }
}
