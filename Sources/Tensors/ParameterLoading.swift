/// Why a set of named tensors could not be loaded into parameters or optimiser state.
public enum ParameterLoadingError: Error, CustomStringConvertible, Equatable {
    /// No tensor of this name was given.
    case missingTensor(name: String)
    /// The tensor of this name has another shape than the parameter.
    case shapeMismatch(name: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missingTensor(let name):
            return "missing tensor \"\(name)\""
        case .shapeMismatch(let name, let expected, let found):
            return "tensor \"\(name)\" has shape \(found), expected \(expected)"
        }
    }
}

/// Copies the values of `tensors` into `parameters` by name, in place (the parameter objects, and
/// so every layer holding them, keep their identity). Extra tensors are ignored.
///
/// - Throws: ``ParameterLoadingError`` for the first missing name or shape mismatch, before any
///   value is changed.
public func loadParameters(_ parameters: [(name: String, tensor: Tensor)], from tensors: [String: Tensor]) throws {
    var sources: [Tensor] = []
    for parameter in parameters {
        guard let source = tensors[parameter.name] else { throw ParameterLoadingError.missingTensor(name: parameter.name) }
        guard source.shape == parameter.tensor.shape else {
            throw ParameterLoadingError.shapeMismatch(name: parameter.name, expected: parameter.tensor.shape, found: source.shape)
        }
        sources.append(source)
    }
    for (parameter, source) in zip(parameters, sources) {
        parameter.tensor.storage.pointer.update(from: source.storage.pointer, count: source.count)
    }
}
