import Foundation
import Tensors

/// Deterministic pseudo-random test tensors (SplitMix64), so every run checks the same points.
struct TestData {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A uniform value in `range`.
    mutating func value(in range: ClosedRange<Float>) -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let unit = Float(z >> 40) / Float(1 << 24)
        return range.lowerBound + (range.upperBound - range.lowerBound) * unit
    }

    /// A tensor of `shape` with values uniform in `range`.
    mutating func tensor(_ shape: [Int], in range: ClosedRange<Float> = -1...1, requiresGradient: Bool = true) -> Tensor {
        let values = (0..<shape.reduce(1, *)).map { _ in value(in: range) }
        return Tensor(shape: shape, values: values, requiresGradient: requiresGradient)
    }

    /// A tensor whose values have magnitude in `magnitude`, with random signs (away from 0).
    mutating func tensorAwayFromZero(_ shape: [Int], magnitude: ClosedRange<Float>) -> Tensor {
        let values = (0..<shape.reduce(1, *)).map { _ in
            value(in: magnitude) * (value(in: 0...1) < 0.5 ? -1 : 1)
        }
        return Tensor(shape: shape, values: values, requiresGradient: true)
    }
}

/// A tensor stored in a JSON fixture: shape and row-major values.
struct StoredTensor: Decodable {
    let shape: [Int]
    let values: [Float]

    /// The stored values as a tensor.
    func tensor(requiresGradient: Bool = false) -> Tensor {
        Tensor(shape: shape, values: values, requiresGradient: requiresGradient)
    }
}

/// Decodes `Fixtures/<name>.json` from the test bundle (written by make_ops_fixtures.py).
func loadFixture<Content: Decodable>(_ name: String, as type: Content.Type) throws -> Content {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
        throw FixtureMissing(name: name)
    }
    return try JSONDecoder().decode(Content.self, from: Data(contentsOf: url))
}

/// A fixture file that is not in the test bundle.
struct FixtureMissing: Error, CustomStringConvertible {
    let name: String
    var description: String { "fixture Fixtures/\(name).json is not in the test bundle" }
}

/// The largest absolute difference between two equally long value lists.
func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "largestDifference: \(a.count) vs \(b.count) values")
    return zip(a, b).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
}
