import Tensors

/// ARCHITECTURE.md's `Conv(cin, cout, k)`: Conv2d (stride 1, zero padding k/2, bias) →
/// GroupNorm(8 groups) → ELU(α = 1). Input [N, cin, H, W] → output [N, cout, H, W].
/// Parameters `conv.weight`, `conv.bias`, `norm.weight`, `norm.bias`.
public final class ConvBlock: Layer {
    public let conv: Conv2d
    public let norm: GroupNorm

    /// The block mapping `inputChannels` to `outputChannels` with a `kernelSize` square kernel.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, initializer: ParameterInitializer) {
        conv = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize, initializer: initializer)
        norm = GroupNorm(groupCount: 8, channels: outputChannels, initializer: initializer)
    }

    public var members: [(name: String, member: Member)] { [("conv", .child(conv)), ("norm", .child(norm))] }

    public func callAsFunction(_ x: Tensor) -> Tensor { norm(conv(x)).elu(alpha: 1) }
}
