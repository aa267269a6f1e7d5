import Tensors

/// Group normalisation (Wu & He, ECCV 2018) with a per-channel affine transform, as PyTorch's
/// `nn.GroupNorm(groupCount, channels)` with eps 1e-5. Input and output [N, C, H, W].
public final class GroupNorm: Layer {
    public let groupCount: Int
    public let weight: Tensor
    public let bias: Tensor

    /// Normalisation of `channels` channels in `groupCount` groups (`channels` divisible by it).
    public init(groupCount: Int, channels: Int, initializer: ParameterInitializer) {
        precondition(channels % groupCount == 0, "GroupNorm: \(channels) channels in \(groupCount) groups")
        self.groupCount = groupCount
        weight = initializer.constant([channels], 1)
        bias = initializer.constant([channels], 0)
    }

    public var members: [(name: String, member: Member)] { [("weight", .tensor(weight)), ("bias", .tensor(bias))] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        groupNorm(x, groupCount: groupCount, weight: weight, bias: bias, epsilon: 1e-5)
    }
}
