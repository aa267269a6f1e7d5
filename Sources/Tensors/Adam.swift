import Foundation
import Parallelism

/// The Adam optimiser (Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015)
/// with the update of PyTorch's `torch.optim.Adam`, including bias correction and L2 weight
/// decay added to the gradient.
public final class Adam {
    /// The parameters being optimised, with their checkpoint names.
    public let parameters: [(name: String, tensor: Tensor)]
    /// Step size; may be changed between steps (learning-rate schedules).
    public var learningRate: Float
    /// Decay rates of the first and second moment estimates.
    public let beta1: Float, beta2: Float
    /// Added to the denominator for numerical stability.
    public let epsilon: Float
    /// L2 penalty coefficient: `weightDecay · θ` is added to each gradient.
    public let weightDecay: Float
    /// Number of steps taken (the `t` of bias correction).
    public private(set) var stepCount = 0
    /// First and second moment estimates, one per parameter, zero-initialised.
    private let firstMoments: [TensorStorage], secondMoments: [TensorStorage]

    /// Creates an optimiser over `parameters` (each must require gradients).
    public init(
        parameters: [(name: String, tensor: Tensor)], learningRate: Float,
        beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        func zeroed(_ count: Int) -> TensorStorage { let storage = TensorStorage(count: count); storage.fill(0); return storage }
        firstMoments = parameters.map { zeroed($0.tensor.count) }
        secondMoments = parameters.map { zeroed($0.tensor.count) }
    }

    /// Updates every parameter that has a gradient, in place:
    /// `g ← ∇ + λθ; m ← m + (1−β₁)(g − m); v ← β₂v + (1−β₂)g²;
    /// θ ← θ − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)`.
    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        let stepSize = Float(Double(learningRate) / (1 - pow(Double(beta1), t)))
        let correction2 = Float((1 - pow(Double(beta2), t)).squareRoot())
        let beta1 = beta1, beta2 = beta2, epsilon = epsilon, weightDecay = weightDecay
        for (index, parameter) in parameters.enumerated() {
            guard let gradient = parameter.tensor.gradientStorage else { continue }
            let values = parameter.tensor.storage.pointer, gradients = gradient.pointer
            let m = firstMoments[index].pointer, v = secondMoments[index].pointer
            Parallel.forEachChunk(parameter.tensor.count) { range in
                for i in range {
                    let g = gradients[i] + weightDecay * values[i]
                    m[i] += (1 - beta1) * (g - m[i])   // PyTorch's lerp form
                    v[i] = beta2 * v[i] + (1 - beta2) * g * g
                    values[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2 + epsilon)
                }
            }
        }
    }

    /// Drops every parameter's accumulated gradient (before the next `backward()`).
    public func zeroGradients() {
        for parameter in parameters { parameter.tensor.zeroGradient() }
    }

    /// The moment estimates for a checkpoint: `adam.m.<name>` and `adam.v.<name>`, each with its
    /// parameter's shape (copies).
    public func stateTensors() -> [String: Tensor] {
        var tensors: [String: Tensor] = [:]
        for (index, parameter) in parameters.enumerated() {
            let shape = parameter.tensor.shape
            tensors["adam.m.\(parameter.name)"] = Tensor(shape: shape, storage: firstMoments[index].copy())
            tensors["adam.v.\(parameter.name)"] = Tensor(shape: shape, storage: secondMoments[index].copy())
        }
        return tensors
    }

    /// Restores the moment estimates written by ``stateTensors()`` and the step count.
    ///
    /// - Throws: ``ParameterLoadingError`` naming a missing state tensor or a shape mismatch;
    ///   nothing is changed then.
    public func loadState(_ tensors: [String: Tensor], stepCount: Int) throws {
        var sources: [Tensor] = []
        for parameter in parameters {
            for name in ["adam.m.\(parameter.name)", "adam.v.\(parameter.name)"] {
                guard let tensor = tensors[name] else { throw ParameterLoadingError.missingTensor(name: name) }
                guard tensor.shape == parameter.tensor.shape else {
                    throw ParameterLoadingError.shapeMismatch(name: name, expected: parameter.tensor.shape, found: tensor.shape)
                }
                sources.append(tensor)
            }
        }
        for index in parameters.indices {
            firstMoments[index].pointer.update(from: sources[2 * index].storage.pointer, count: firstMoments[index].count)
            secondMoments[index].pointer.update(from: sources[2 * index + 1].storage.pointer, count: secondMoments[index].count)
        }
        self.stepCount = stepCount
    }
}

/// A step-decay learning-rate schedule, as PyTorch's `StepLR`: `base · gamma^⌊step / stepSize⌋`.
public struct StepSchedule: Sendable {
    /// The learning rate at step 0.
    public var baseLearningRate: Float
    /// Steps between decays.
    public var stepSize: Int
    /// Factor applied at each decay.
    public var gamma: Float

    /// Creates a schedule; `stepSize` must be positive.
    public init(baseLearningRate: Float, stepSize: Int, gamma: Float) {
        precondition(stepSize > 0, "StepSchedule: step size \(stepSize) must be positive")
        self.baseLearningRate = baseLearningRate
        self.stepSize = stepSize
        self.gamma = gamma
    }

    /// The learning rate to use at `step` (counting from 0).
    public func learningRate(atStep step: Int) -> Float {
        baseLearningRate * Float(pow(Double(gamma), Double(step / stepSize)))
    }
}
