import Foundation
import Testing
import TestSupport
@testable import Tensors

/// Shared data for the convolution-family suites: PyTorch reference tensors
/// (Fixtures/make_conv_fixtures.py) and deterministic pseudo-random inputs.
enum ConvFixtures {
    /// Every tensor of Fixtures/conv_reference.safetensors, by `<case>.<role>` name.
    static let reference: [String: Tensor] = {
        let url = Bundle.module.url(forResource: "conv_reference", withExtension: "safetensors", subdirectory: "Fixtures")!
        return try! SafeTensors.read(url).tensors
    }()

    /// The reference tensor `name`; fails the test when it is missing.
    static func tensor(_ name: String, requiresGradient: Bool = false) -> Tensor {
        let stored = reference[name]!
        return Tensor(shape: stored.shape, values: stored.values, requiresGradient: requiresGradient)
    }

    /// Values in [-1, 1) from a fixed linear congruential sequence (same seed, same values).
    static func random(_ shape: [Int], seed: UInt64, scale: Float = 1, requiresGradient: Bool = false) -> Tensor {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        let values = (0..<shape.reduce(1, *)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return scale * (Float(state >> 40) / Float(1 << 24) * 2 - 1)
        }
        return Tensor(shape: shape, values: values, requiresGradient: requiresGradient)
    }

    /// A convolution of random input, weights and bias (seeds `seed`, `seed + 1`, `seed + 2`)
    /// and its back-propagation from a random output gradient (seed `seed + 3`): the output and
    /// the input, weight and bias gradients, for ``expectResultsMatch(_:_:tolerance:scaledByLargest:context:sourceLocation:)``.
    static func resultsAndGradients(input inputShape: [Int], weight weightShape: [Int], stride: Int, padding: Int,
                                    algorithm: ConvolutionAlgorithm, seed: UInt64) -> [[Float]] {
        let x = random(inputShape, seed: seed, requiresGradient: true)
        let weight = random(weightShape, seed: seed + 1, scale: 0.3, requiresGradient: true)
        let bias = random([weightShape[0]], seed: seed + 2, requiresGradient: true)
        let y = conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding, algorithm: algorithm)
        (y * random(y.shape, seed: seed + 3)).sum().backward()
        return [y.values, x.gradient!.values, weight.gradient!.values, bias.gradient!.values]
    }

    /// The worst discrepancy between `conv2d`'s gradients and central differences, for a random
    /// input (seed `seed`), weights (seed `seed + 1`, scale 0.5) and, with `withBias`, bias
    /// (seed `seed + 2`).
    static func worstGradientDiscrepancy(input inputShape: [Int], weight weightShape: [Int], stride: Int = 1, padding: Int,
                                         withBias: Bool = true, seed: UInt64) -> GradientDiscrepancy {
        let x = random(inputShape, seed: seed, requiresGradient: true)
        let weight = random(weightShape, seed: seed + 1, scale: 0.5, requiresGradient: true)
        let bias = random([weightShape[0]], seed: seed + 2, requiresGradient: true)
        return checkGradients(of: { conv2d($0[0], weight: $0[1], bias: withBias ? $0[2] : nil, stride: stride, padding: padding) },
                              at: withBias ? [x, weight, bias] : [x, weight])
    }

    /// The largest absolute difference between two equally shaped tensors.
    static func maximumDifference(_ a: Tensor, _ b: Tensor) -> Float {
        #expect(a.shape == b.shape, "shape \(a.shape) vs \(b.shape)")
        return zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
    }

    /// Expects two runs' output and input, weight and bias gradients (in that order) to agree
    /// value by value within `tolerance`, multiplied by the largest |expected| of each array (at
    /// least 1) when `scaledByLargest`; `context` starts every message.
    static func expectResultsMatch(_ computed: [[Float]], _ expected: [[Float]], tolerance: Float = 1e-5,
                                   scaledByLargest: Bool, context: String = "",
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        let names = ["output", "input gradient", "weight gradient", "bias gradient"]
        for (name, (computed, expected)) in zip(names, zip(computed, expected)) {
            #expect(computed.count == expected.count, "\(context)\(name)", sourceLocation: sourceLocation)
            let scale = scaledByLargest ? expected.reduce(Float(1)) { max($0, abs($1)) } : 1
            let worst = zip(computed, expected).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
            #expect(worst <= tolerance * scale, "\(context)\(name): worst difference \(worst) (scale \(scale))",
                    sourceLocation: sourceLocation)
        }
    }
}
