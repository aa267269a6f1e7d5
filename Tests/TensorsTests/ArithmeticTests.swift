import Testing
import TestSupport
@testable import Tensors

@Suite struct ArithmeticTests {
    /// Element-wise reference of `a op b` for a [4, 1, 3, 1] and b [2, 1, 5] → [4, 2, 3, 5].
    private func naiveBroadcast(_ a: Tensor, _ b: Tensor, _ op: (Float, Float) -> Float) -> [Float] {
        var result: [Float] = []
        for i in 0..<4 { for j in 0..<2 { for k in 0..<3 { for l in 0..<5 {
            result.append(op(a.values[i * 3 + k], b.values[j * 5 + l]))
        } } } }
        return result
    }

    @Test func broadcastingFollowsNumPyShapes() {
        var data = TestData(seed: 1)
        let a = data.tensor([4, 1, 3, 1]), b = data.tensorAwayFromZero([2, 1, 5], magnitude: 0.5...2)
        let cases: [(Tensor, (Float, Float) -> Float)] = [(a + b, +), (a - b, -), (a * b, *), (a / b, /)]
        for (result, op) in cases {
            #expect(result.shape == [4, 2, 3, 5])
            #expect(result.values == naiveBroadcast(a, b, op))
        }
        #expect((b + a).shape == [4, 2, 3, 5])
    }

    /// `a - b` by explicit multi-index arithmetic, independent of the broadcast planner.
    private func referenceDifference(_ a: Tensor, _ b: Tensor, shape: [Int]) -> [Float] {
        func flatIndex(_ index: [Int], in operand: [Int]) -> Int {
            let aligned = Array(index.suffix(operand.count))
            return zip(aligned, operand).reduce(0) { $0 * $1.1 + ($1.1 == 1 ? 0 : $1.0) }
        }
        var result: [Float] = []
        for flat in 0..<shape.reduce(1, *) {
            var index = [Int](repeating: 0, count: shape.count), remaining = flat
            for axis in shape.indices.reversed() {
                index[axis] = remaining % shape[axis]
                remaining /= shape[axis]
            }
            result.append(a.values[flatIndex(index, in: a.shape)] - b.values[flatIndex(index, in: b.shape)])
        }
        return result
    }

    @Test(arguments: [
        ([2, 3, 4], [3, 1], [2, 3, 4]), ([1], [2, 3], [2, 3]), ([], [2, 2], [2, 2]),
        ([2, 1, 4], [2, 3, 1], [2, 3, 4]), ([5], [5], [5]), ([3, 1, 1], [1, 4, 1], [3, 4, 1]),
        ([2, 3, 1, 5], [3, 4, 1], [2, 3, 4, 5]),
    ] as [([Int], [Int], [Int])])
    func broadcastMatchesMultiIndexReference(shapes: ([Int], [Int], [Int])) {
        var data = TestData(seed: 5)
        let a = data.tensor(shapes.0, requiresGradient: false), b = data.tensor(shapes.1, requiresGradient: false)
        for (result, first, second) in [(a - b, a, b), (b - a, b, a)] {
            #expect(result.shape == shapes.2)
            #expect(result.values == referenceDifference(first, second, shape: shapes.2))
        }
        let leafA = Tensor(shape: a.shape, storage: a.storage, requiresGradient: true)
        let leafB = Tensor(shape: b.shape, storage: b.storage, requiresGradient: true)
        let worst = checkGradients(of: { ($0[0] - $0[1]) * $0[0] }, at: [leafA, leafB])
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }

    @Test(arguments: ["+", "-", "*", "/"])
    func broadcastGradientsMatchFiniteDifferences(operation: String) {
        var data = TestData(seed: 2)
        let a = data.tensor([4, 1, 3, 1]), b = data.tensorAwayFromZero([2, 1, 5], magnitude: 0.5...2)
        let op: (Tensor, Tensor) -> Tensor = switch operation {
        case "+": { $0 + $1 }
        case "-": { $0 - $1 }
        case "*": { $0 * $1 }
        default: { $0 / $1 }
        }
        let worst = checkGradients(of: { op($0[0], $0[1]) }, at: [a, b])
        #expect(worst.relativeError < 1e-3, "\(operation): \(worst)")
    }

    @Test func equalShapesAndChannelBroadcastGradients() {
        var data = TestData(seed: 3)
        let image = data.tensor([2, 3, 4, 5]), mask = data.tensorAwayFromZero([2, 1, 4, 5], magnitude: 0.5...1.5)
        let other = data.tensor([2, 3, 4, 5]), scale = data.tensor([3, 1, 1])
        let worst = checkGradients(of: { ($0[0] * $0[1] - $0[2]) / $0[1] + $0[3] }, at: [image, mask, other, scale])
        #expect(worst.relativeError < 1e-3, "\(worst)")
    }

    /// Operands stretched over large outputs (their gradients summed on several cores): a mask
    /// [N, 1, H, W] and a per-channel scale [1, C, 1, 1] against sums written out here.
    @Test func largeStretchedGradientsMatchPlainSums() {
        var data = TestData(seed: 4)
        let (batch, channels, plane) = (2, 3, 64 * 64)
        let image = data.tensor([batch, channels, 64, 64], requiresGradient: false)
        let mask = data.tensor([batch, 1, 64, 64]), scale = data.tensor([1, channels, 1, 1])
        func gradients() -> ([Float], [Float]) {
            mask.zeroGradient(); scale.zeroGradient()
            (image * mask * scale).sum().backward()
            return (mask.gradient!.values, scale.gradient!.values)
        }
        let (maskGradient, scaleGradient) = gradients()
        let x = image.values, m = mask.values, w = scale.values
        var worstMask = 0.0, worstScale = 0.0
        for n in 0..<batch {
            for p in 0..<plane {
                let expected = (0..<channels).reduce(0.0) { $0 + Double(x[(n * channels + $1) * plane + p]) * Double(w[$1]) }
                worstMask = max(worstMask, abs(expected - Double(maskGradient[n * plane + p])))
            }
        }
        for c in 0..<channels {
            let expected = (0..<batch).reduce(0.0) { total, n in
                (0..<plane).reduce(total) { $0 + Double(x[(n * channels + c) * plane + $1]) * Double(m[n * plane + $1]) }
            }
            worstScale = max(worstScale, abs(expected - Double(scaleGradient[c])) / max(1, abs(expected)))
        }
        #expect(worstMask < 1e-5 && worstScale < 1e-5, "mask \(worstMask), scale \(worstScale)")
        let again = gradients()
        #expect(again.0 == maskGradient && again.1 == scaleGradient, "not bit-identical run to run")
    }

    @Test func sameTensorOnBothSidesAccumulatesBothGradients() {
        let x = Tensor(shape: [3], values: [1, -2, 3], requiresGradient: true)
        (x * x).sum().backward()
        #expect(x.gradient?.values == [2, -4, 6])
    }

    @Test func scalarOperationsAndNegation() {
        var data = TestData(seed: 4)
        let x = data.tensorAwayFromZero([2, 3], magnitude: 0.5...2)
        let worst = checkGradients(of: { x in
            let y = (2 + x[0]) * 3 - (1 - x[0] / 4)
            return -(y - 0.5) + 1.5 / x[0] + x[0] * 0.5
        }, at: [x])
        #expect(worst.relativeError < 1e-3, "\(worst)")
        let values = x.values
        let y = (2 - x) / 2
        #expect(y.values == values.map { (2 - $0) / 2 })
        #expect((-x).values == values.map { -$0 })
    }
}
