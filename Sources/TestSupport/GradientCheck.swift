import Geometry
import Tensors

/// The largest disagreement between analytic and numeric gradients found by ``checkGradients``.
public struct GradientDiscrepancy: CustomStringConvertible {
    /// Index of the input and flat index of the element with the worst error.
    public var input = 0, element = 0
    /// Analytic (autograd) and numeric (central difference) derivatives there.
    public var analytic = 0.0, numeric = 0.0
    /// `|analytic − numeric| / max(1, |numeric|)`.
    public var relativeError = 0.0

    public var description: String {
        "input \(input) element \(element): autograd \(analytic) vs numeric \(numeric) (rel. error \(relativeError))"
    }
}

/// Compares autograd's gradients of `f` with central differences.
///
/// The scalar objective is `Σ f(inputs) · weights` with fixed pseudo-random weights, evaluated in
/// Double from the float32 outputs, so every output element contributes. Choose inputs away from
/// kinks (ReLU at 0, abs at 0, clamp bounds) so the numeric derivative is meaningful.
///
/// - Parameters:
///   - inputs: leaf tensors (created with `requiresGradient: true`); their values are perturbed
///     in place and restored.
///   - step: the finite-difference step.
///   - elementsPerInput: at most this many elements per input are checked (spread evenly).
/// - Returns: the worst discrepancy found.
public func checkGradients(
    of f: ([Tensor]) -> Tensor,
    at inputs: [Tensor],
    step: Float = 1e-2,
    elementsPerInput: Int = 40
) -> GradientDiscrepancy {
    var generator = SplitMix64(seed: 7)
    let probe = f(inputs)
    let weights = (0..<probe.count).map { _ in Double(generator.nextFloat(in: -1...1)) }
    func objective() -> Double {
        let output = withoutGradients { f(inputs) }
        return zip(output.values, weights).reduce(0.0) { $0 + Double($1.0) * $1.1 }
    }
    for input in inputs { input.zeroGradient() }
    let weighted = Tensor(shape: probe.shape, values: weights.map(Float.init))
    let loss = f(inputs)
    // Σ output · weights, as a product with a constant, through the public result() helper.
    let flatLoss = Tensor.result(shape: [1], storage: { let s = TensorStorage(count: 1); s.pointer[0] = 0; return s }(), inputs: [loss]) { gradient in
        guard let target = loss.gradientTarget() else { return }
        for index in 0..<loss.count { target[index] += gradient[0] * weighted.storage.pointer[index] }
    }
    flatLoss.backward()

    var worst = GradientDiscrepancy()
    for (inputIndex, input) in inputs.enumerated() {
        let analytic = input.gradient?.values ?? Array(repeating: 0, count: input.count)
        let stride = max(1, input.count / elementsPerInput)
        for element in Swift.stride(from: 0, to: input.count, by: stride) {
            let original = input.storage.pointer[element]
            input.storage.pointer[element] = original + step
            let plus = objective()
            input.storage.pointer[element] = original - step
            let minus = objective()
            input.storage.pointer[element] = original
            let numeric = (plus - minus) / (2 * Double(step))
            let error = abs(Double(analytic[element]) - numeric) / max(1, abs(numeric))
            if error > worst.relativeError {
                worst = GradientDiscrepancy(
                    input: inputIndex, element: element, analytic: Double(analytic[element]),
                    numeric: numeric, relativeError: error)
            }
        }
    }
    return worst
}
