import Tensors

/// The PackNet-SfM pose network (shared/ARCHITECTURE.md): seven stride-2 convolutions with
/// GroupNorm and ReLU over the concatenated target and source images, a 1x1 convolution to six
/// numbers, a spatial mean and a 0.01 scale.
///
/// Input: target and source RGB images [N, 3, H, W] in [0, 1]. Output [N, 6]: axis-angle
/// rotation (rx, ry, rz) and translation (tx, ty, tz) of T_source←target, the motion that maps
/// target-camera points into the source camera's frame. Parameter names without the `pose.`
/// prefix: `convs.i.*`, `norms.i.*`, `out.*`.
public final class PoseNet: ParameterContainer {
    let convs: [Conv2d]
    let norms: [GroupNorm]
    let out: Conv2d

    /// A freshly initialised network with widths `configuration.poseWidths`.
    public init(configuration: PackNetConfiguration, initializer: ParameterInitializer) {
        let widths = configuration.poseWidths
        precondition(widths.count == 7, "PoseNet: pose_widths \(widths) must have 7 entries")
        let kernels = [7, 5, 3, 3, 3, 3, 3]
        convs = (0..<7).map { index in
            Conv2d(inputChannels: index == 0 ? 6 : widths[index - 1], outputChannels: widths[index],
                   kernelSize: kernels[index], stride: 2, initializer: initializer)
        }
        norms = widths.map { GroupNorm(groupCount: 8, channels: $0, initializer: initializer) }
        out = Conv2d(inputChannels: widths[6], outputChannels: 6, kernelSize: 1, initializer: initializer)
    }

    /// A container listing `layers` under the names `0`, `1`, ... (PyTorch's ModuleList).
    private final class LayerList: ParameterContainer {
        let layers: [any ParameterContainer]
        init(_ layers: [any ParameterContainer]) { self.layers = layers }
        var members: [(name: String, member: Member)] { layers.enumerated().map { ("\($0.offset)", .child($0.element)) } }
    }

    public var members: [(name: String, member: Member)] {
        [("convs", .child(LayerList(convs))), ("norms", .child(LayerList(norms))), ("out", .child(out))]
    }

    /// The six motion parameters [N, 6] of T_source←target.
    public func callAsFunction(target: Tensor, source: Tensor) -> Tensor {
        precondition(target.shape == source.shape && target.rank == 4 && target.shape[1] == 3,
                     "PoseNet: target \(target.shape) vs source \(source.shape)")
        var x = concatChannels([target - 0.45, source - 0.45])   // [N, 6, H, W]
        for (conv, norm) in zip(convs, norms) { x = norm(conv(x)).relu() }   // [N, p6, H/128, W/128]
        let motion = out(x).mean(axes: [2, 3], keepingDimensions: false)    // [N, 6]
        return motion * 0.01
    }
}
