import Tensors

/// The Conv3d over the channel axis used by PackNet's packing blocks: the [N, C, h, w] map is
/// viewed as a one-channel volume [N, 1, C, h, w], convolved by `Conv3d(1, d, 3x3x3, padding 1)`
/// and viewed back as [N, d·C, h, w] (channel `dIndex·C + c`). Parameters `weight` [d, 1, 3, 3, 3],
/// `bias` [d].
public final class ChannelConv3d: Layer {
    public let weight: Tensor
    public let bias: Tensor

    /// A channel-axis convolution producing `outputVolumes` (d) volumes.
    public init(outputVolumes: Int, initializer: ParameterInitializer) {
        weight = initializer.uniform([outputVolumes, 1, 3, 3, 3], fanIn: 27)
        bias = initializer.uniform([outputVolumes], fanIn: 27)
    }

    public var members: [(name: String, member: Member)] { [("weight", .tensor(weight)), ("bias", .tensor(bias))] }

    public func callAsFunction(_ x: Tensor) -> Tensor { channelConv3d(x, weight: weight, bias: bias) }
}
