import Geometry
import Imaging
import Tensors

/// Runs a trained model on images: depth maps and relative camera motion, without recording
/// gradients.
public struct DepthPredictor {
    /// The networks.
    public let model: PackNetModel

    /// A predictor for `model`.
    public init(model: PackNetModel) { self.model = model }

    /// The width the networks run at (the model's training resolution).
    public var inputWidth: Int { model.configuration.inputWidth }
    /// The height the networks run at.
    public var inputHeight: Int { model.configuration.inputHeight }

    /// `images` converted to RGB and resized (area averaging) to the network resolution, as one
    /// [N, 3, h, w] tensor.
    public func networkInput(_ images: [Image]) -> Tensor {
        Tensor(images: images.map { $0.rgbResized(width: inputWidth, height: inputHeight) })
    }

    /// Depth in metres [N, 1, h, w] of each image of `input` [N, 3, h, w].
    public func depth(_ input: Tensor) -> Tensor {
        withoutGradients { model.depth.depth(fromSigmoid: model.depth(input)[0]) }
    }

    /// The motion T_source←target between two frames given as [1, 3, h, w] network inputs.
    public func motion(target: Tensor, source: Tensor) -> RigidTransform {
        RigidTransform(motionVector: withoutGradients { model.pose(target: target, source: source) }.values)
    }
}
