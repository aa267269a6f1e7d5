import Geometry
import Imaging
import Tensors

/// Runs a trained model on images: depth maps and relative camera motion, without recording
/// gradients.
public struct DepthPredictor {
    /// The networks.
    public let model: PackNetModel

    /// Whether depth is averaged with the prediction for the mirrored image, mirrored back
    /// (test-time flip augmentation, as in Monodepth2's post-processing): the mean in inverse
    /// depth of the two. The network's left–right biases cancel; it costs a second image in the
    /// depth network's batch. Off by default: it lowers the depth errors of `eval-depth` a little
    /// but made `reconstruct`'s clouds worse (docs/depth-evaluation.md).
    public var averagesMirroredPrediction: Bool

    /// A predictor for `model`, averaging mirrored predictions when asked to.
    public init(model: PackNetModel, averagesMirroredPrediction: Bool = false) {
        self.model = model
        self.averagesMirroredPrediction = averagesMirroredPrediction
    }

    /// The width the networks run at (the model's training resolution).
    public var inputWidth: Int { model.configuration.inputWidth }
    /// The height the networks run at.
    public var inputHeight: Int { model.configuration.inputHeight }

    /// `images` converted to RGB and resized (area averaging) to the network resolution, as one
    /// [N, 3, h, w] tensor.
    public func networkInput(_ images: [Image]) -> Tensor {
        Tensor(images: images.map { $0.rgbResized(width: inputWidth, height: inputHeight) })
    }

    /// Depth in metres [N, 1, h, w] of each image of `input` [N, 3, h, w] (averaged with the
    /// mirrored prediction when ``averagesMirroredPrediction`` is on).
    public func depth(_ input: Tensor) -> Tensor {
        guard averagesMirroredPrediction else { return networkDepth(input) }
        let count = input.shape[0]
        let mirrored = Augmentation.flipHorizontally([input])[0]
        let both = networkDepth(concatenate([input, mirrored], axis: 0))   // [2N, 1, h, w]
        let plain = both.sliced(axis: 0, range: 0..<count)
        let unmirrored = Augmentation.flipHorizontally([both.sliced(axis: 0, range: count..<2 * count)])[0]
        let result = Tensor.zeros(plain.shape)
        for i in 0..<result.count {
            let a = plain.storage.pointer[i], b = unmirrored.storage.pointer[i]
            result.storage.pointer[i] = 2 / (1 / a + 1 / b)
        }
        return result
    }

    /// The depth network's depth in metres for `input`, as it is.
    private func networkDepth(_ input: Tensor) -> Tensor {
        withoutGradients { model.depth.depth(fromSigmoid: model.depth(input)[0]) }
    }

    /// The motion T_source←target between two frames given as [1, 3, h, w] network inputs.
    public func motion(target: Tensor, source: Tensor) -> RigidTransform {
        RigidTransform(motionVector: withoutGradients { model.pose(target: target, source: source) }.values)
    }
}
