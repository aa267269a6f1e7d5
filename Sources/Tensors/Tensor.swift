/// A float32 tensor in row-major (NCHW for images) layout with reverse-mode automatic
/// differentiation.
///
/// A tensor produced by an op while gradients are recorded remembers its ``Origin``: the input
/// tensors and a closure that turns the gradient of this tensor into gradients of those inputs.
/// Backward closures capture input tensors and raw storage, never the output, so the graph holds
/// no reference cycles and is freed as soon as the last output is released.
public final class Tensor: @unchecked Sendable {
    /// The extent of each axis, outermost first.
    public let shape: [Int]
    /// The values, contiguous in row-major order.
    public let storage: TensorStorage
    /// The accumulated gradient of the last ``backward()`` with respect to this tensor,
    /// allocated (zero-filled) on first accumulation. Same shape as the tensor.
    public internal(set) var gradientStorage: TensorStorage?
    /// Whether gradients flow to this tensor (parameters, and everything computed from them).
    public let requiresGradient: Bool
    /// How this tensor was computed; `nil` for leaves and for tensors made without recording.
    var origin: Origin?

    /// Number of elements.
    public var count: Int { storage.count }
    /// Number of axes.
    public var rank: Int { shape.count }

    /// Wraps existing storage; `storage.count` must equal the product of `shape`.
    public init(shape: [Int], storage: TensorStorage, requiresGradient: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in \(shape)")
        precondition(shape.reduce(1, *) == storage.count, "Tensor: shape \(shape) vs \(storage.count) values")
        self.shape = shape
        self.storage = storage
        self.requiresGradient = requiresGradient
    }

    /// A tensor of `shape` filled with `value`.
    public convenience init(repeating value: Float, shape: [Int], requiresGradient: Bool = false) {
        let storage = TensorStorage(count: shape.reduce(1, *))
        storage.fill(value)
        self.init(shape: shape, storage: storage, requiresGradient: requiresGradient)
    }

    /// A tensor of `shape` holding `values` in row-major order.
    public convenience init(shape: [Int], values: [Float], requiresGradient: Bool = false) {
        precondition(shape.reduce(1, *) == values.count, "Tensor: shape \(shape) vs \(values.count) values")
        let storage = TensorStorage(count: values.count)
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: values.count) }
        self.init(shape: shape, storage: storage, requiresGradient: requiresGradient)
    }

    /// A zero-filled tensor of `shape`.
    public static func zeros(_ shape: [Int], requiresGradient: Bool = false) -> Tensor {
        Tensor(repeating: 0, shape: shape, requiresGradient: requiresGradient)
    }

    /// The values as an array (copies).
    public var values: [Float] { Array(storage.buffer) }

    /// The single value of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar: tensor of shape \(shape) has \(count) values")
        return storage.pointer[0]
    }

    /// The accumulated gradient as a tensor that shares this tensor's gradient storage, or `nil`.
    public var gradient: Tensor? {
        gradientStorage.map { Tensor(shape: shape, storage: $0) }
    }

    /// Drops the accumulated gradient (before the next step's `backward()`).
    public func zeroGradient() { gradientStorage = nil }

    /// Returns the gradient buffer, allocating a zero-filled one on first use.
    func gradientBuffer() -> TensorStorage {
        if let existing = gradientStorage { return existing }
        let fresh = TensorStorage(count: count)
        fresh.fill(0)
        gradientStorage = fresh
        return fresh
    }

    /// A tensor with the same values that gradients do not flow through.
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = storage.buffer.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(\(shape): [\(shown)\(count > 8 ? ", ..." : "")])"
    }
}
