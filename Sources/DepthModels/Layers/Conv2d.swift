import Tensors

/// A plain 2D convolution with bias (PyTorch `nn.Conv2d`, zero padding).
///
/// Input [N, inputChannels, H, W] → output [N, outputChannels, H', W'] with
/// H' = (H + 2·padding − kernelSize) / stride + 1. Parameters `weight` [O, I, k, k], `bias` [O].
public final class Conv2d: Layer {
    public let weight: Tensor
    public let bias: Tensor
    public let stride: Int
    public let padding: Int

    /// A convolution; padding defaults to `kernelSize / 2` ("same" size at stride 1).
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int? = nil,
                initializer: ParameterInitializer) {
        let fanIn = inputChannels * kernelSize * kernelSize
        weight = initializer.uniform([outputChannels, inputChannels, kernelSize, kernelSize], fanIn: fanIn)
        bias = initializer.uniform([outputChannels], fanIn: fanIn)
        self.stride = stride
        self.padding = padding ?? kernelSize / 2
    }

    public var members: [(name: String, member: Member)] { [("weight", .tensor(weight)), ("bias", .tensor(bias))] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
