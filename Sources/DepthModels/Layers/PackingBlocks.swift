import Tensors

/// PackNet's packing block `Pack(c, k)` (Guizilini et al., CVPR 2020, §3.1): space-to-depth
/// (r = 2) folds detail into channels, a channel-axis Conv3d learns to compress it, and a
/// `Conv(4c·d, c, k)` brings it back to c channels. Input [N, c, H, W] → output [N, c, H/2, W/2].
/// Parameters `conv3d.*`, `conv.conv.*`, `conv.norm.*`.
public final class Pack: Layer {
    public let conv3d: ChannelConv3d
    public let conv: ConvBlock

    /// A packing block for `channels` channels with `d3d` Conv3d volumes.
    public init(channels: Int, kernelSize: Int, d3d: Int, initializer: ParameterInitializer) {
        conv3d = ChannelConv3d(outputVolumes: d3d, initializer: initializer)
        conv = ConvBlock(inputChannels: 4 * channels * d3d, outputChannels: channels, kernelSize: kernelSize, initializer: initializer)
    }

    public var members: [(name: String, member: Member)] { [("conv3d", .child(conv3d)), ("conv", .child(conv))] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let folded = x.pixelUnshuffle(2)     // [N, 4c, H/2, W/2]
        let volumes = conv3d(folded)         // [N, 4c·d, H/2, W/2]
        return conv(volumes)                 // [N, c, H/2, W/2]
    }
}

/// PackNet's unpacking block `Unpack(cin, cout, k)`: `Conv(cin, 4·cout/d, k)`, a channel-axis
/// Conv3d to 4·cout channels, then depth-to-space. Input [N, cin, H, W] → [N, cout, 2H, 2W].
/// Parameters `conv.conv.*`, `conv.norm.*`, `conv3d.*`.
public final class Unpack: Layer {
    public let conv: ConvBlock
    public let conv3d: ChannelConv3d

    /// An unpacking block; `4·outputChannels` must be divisible by `d3d`.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, d3d: Int, initializer: ParameterInitializer) {
        precondition((4 * outputChannels) % d3d == 0, "Unpack: 4·\(outputChannels) channels not divisible by d = \(d3d)")
        conv = ConvBlock(inputChannels: inputChannels, outputChannels: 4 * outputChannels / d3d, kernelSize: kernelSize, initializer: initializer)
        conv3d = ChannelConv3d(outputVolumes: d3d, initializer: initializer)
    }

    public var members: [(name: String, member: Member)] { [("conv", .child(conv)), ("conv3d", .child(conv3d))] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let reduced = conv(x)                // [N, 4·cout/d, H, W]
        let volumes = conv3d(reduced)        // [N, 4·cout, H, W]
        return volumes.pixelShuffle(2)       // [N, cout, 2H, 2W]
    }
}
