/// The record of how a tensor was computed: its inputs and how to push its gradient to them.
struct Origin {
    /// Tensors whose gradients `backward` accumulates into.
    let inputs: [Tensor]
    /// Given the gradient of the output (same count as the output), accumulates the gradients
    /// of `inputs` (through ``Tensor/gradientBuffer()``).
    let backward: (UnsafePointer<Float>) -> Void
}

/// Whether ops record the graph for `backward()`. Off inside ``withoutGradients(_:)``.
public enum GradientMode {
    @TaskLocal static var isRecording = true
}

/// Runs `body` without recording any graph: for inference and for evaluation inside training.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientMode.$isRecording.withValue(false, operation: body)
}

extension Tensor {
    /// Builds the output tensor of an op: attaches `backward` when any input needs gradients and
    /// recording is on; otherwise the output is a plain constant.
    ///
    /// - Parameters:
    ///   - shape: the output's shape.
    ///   - storage: the output's values, already computed.
    ///   - inputs: the op's tensor inputs.
    ///   - backward: receives the output gradient and accumulates into the inputs' gradients.
    public static func result(
        shape: [Int],
        storage: TensorStorage,
        inputs: [Tensor],
        backward: @escaping (UnsafePointer<Float>) -> Void
    ) -> Tensor {
        let needsGradient = GradientMode.isRecording && inputs.contains { $0.requiresGradient }
        let output = Tensor(shape: shape, storage: storage, requiresGradient: needsGradient)
        if needsGradient { output.origin = Origin(inputs: inputs, backward: backward) }
        return output
    }

    /// The gradient buffer of an input inside a backward closure, or `nil` when that input does
    /// not need a gradient (so the closure can skip the work).
    public func gradientTarget() -> UnsafeMutablePointer<Float>? {
        requiresGradient ? gradientBuffer().pointer : nil
    }

    /// Back-propagates from this tensor, seeding its gradient with ones (it is usually a scalar
    /// loss). Gradients accumulate into every tensor that requires them; the graph behind this
    /// tensor is released as it is consumed, and intermediate gradients are freed once used.
    public func backward() {
        precondition(requiresGradient, "backward: tensor of shape \(shape) does not require a gradient")
        gradientBuffer().fill(1)
        for node in topologicalOrder().reversed() {
            guard let origin = node.origin, let gradient = node.gradientStorage else { continue }
            origin.backward(gradient.pointer)
            node.origin = nil
            node.gradientStorage = nil
        }
    }

    /// Every tensor with an origin reachable from this one, each after all of its inputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, inputsDone) = stack.popLast() {
            if inputsDone { order.append(node); continue }
            guard node.origin != nil, visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.origin!.inputs where input.origin != nil { stack.append((input, false)) }
        }
        return order
    }
}
