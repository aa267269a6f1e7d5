import Foundation
import Tensors

/// ARCHITECTURE.md's `Residual(cin, cout)`: two `Conv` blocks plus a 1x1 shortcut, summed, then
/// GroupNorm(8) and ELU. Input [N, cin, H, W] → output [N, cout, H, W].
/// Parameters `conv1.*`, `conv2.*`, `shortcut.weight/.bias`, `norm.weight/.bias`.
public final class ResidualBlock: Layer {
    public let conv1: ConvBlock
    public let conv2: ConvBlock
    public let shortcut: Conv2d
    public let norm: GroupNorm

    /// A residual block from `inputChannels` to `outputChannels`.
    public init(inputChannels: Int, outputChannels: Int, initializer: ParameterInitializer) {
        conv1 = ConvBlock(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, initializer: initializer)
        conv2 = ConvBlock(inputChannels: outputChannels, outputChannels: outputChannels, kernelSize: 3, initializer: initializer)
        shortcut = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1, initializer: initializer)
        norm = GroupNorm(groupCount: 8, channels: outputChannels, initializer: initializer)
    }

    public var members: [(name: String, member: Member)] {
        [("conv1", .child(conv1)), ("conv2", .child(conv2)), ("shortcut", .child(shortcut)), ("norm", .child(norm))]
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        norm(conv2(conv1(x)) + shortcut(x)).elu(alpha: 1)
    }
}

/// A stage of residual blocks: the first maps cin → cout, the rest cout → cout.
/// Parameters `0.*`, `1.*`, ...
public final class ResidualStage: Layer {
    public let blocks: [ResidualBlock]

    /// `count` blocks (at least one).
    public init(count: Int, inputChannels: Int, outputChannels: Int, initializer: ParameterInitializer) {
        precondition(count >= 1, "ResidualStage: \(count) blocks")
        blocks = (0..<count).map { index in
            ResidualBlock(inputChannels: index == 0 ? inputChannels : outputChannels, outputChannels: outputChannels, initializer: initializer)
        }
    }

    public var members: [(name: String, member: Member)] { blocks.enumerated().map { ("\($0.offset)", .child($0.element)) } }

    public func callAsFunction(_ x: Tensor) -> Tensor { blocks.reduce(x) { $1($0) } }
}

/// ARCHITECTURE.md's `InvDepth(c)`: Conv2d(c, 1, 3, padding 1) → sigmoid. Input [N, c, H, W] →
/// σ [N, 1, H, W] in (0, 1). Parameters `conv.weight`, `conv.bias`.
public final class InverseDepthHead: Layer {
    public let conv: Conv2d

    /// A head reading `inputChannels` channels whose output starts near `initialSigmoid`: its
    /// bias is set to logit(`initialSigmoid`) so that training starts from a plausible depth.
    public init(inputChannels: Int, initialSigmoid: Double, initializer: ParameterInitializer) {
        conv = Conv2d(inputChannels: inputChannels, outputChannels: 1, kernelSize: 3, initializer: initializer)
        conv.bias.storage.fill(Float(log(initialSigmoid / (1 - initialSigmoid))))
    }

    public var members: [(name: String, member: Member)] { [("conv", .child(conv))] }

    public func callAsFunction(_ x: Tensor) -> Tensor { conv(x).sigmoid() }
}
