import Geometry
import Tensors

/// Draws initial weights the way PyTorch's `nn.Conv2d` / `nn.Conv3d` do by default
/// (Kaiming-uniform with a = √5, i.e. U(−1/√fanIn, 1/√fanIn) for weights and biases), from a
/// seeded generator so that a model is reproducible from its seed.
public final class ParameterInitializer {
    private var generator: SplitMix64

    /// An initializer whose draws are fixed by `seed`.
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// A trainable tensor of `shape` uniformly drawn from ±1/√fanIn.
    public func uniform(_ shape: [Int], fanIn: Int) -> Tensor {
        let bound = 1 / Float(fanIn).squareRoot()
        let values = (0..<shape.reduce(1, *)).map { _ in generator.nextFloat(in: -bound...bound) }
        return Tensor(shape: shape, values: values, requiresGradient: true)
    }

    /// A trainable tensor of `shape` filled with `value` (normalisation scales and shifts).
    public func constant(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(repeating: value, shape: shape, requiresGradient: true)
    }
}
