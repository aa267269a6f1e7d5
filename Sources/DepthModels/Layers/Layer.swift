import Tensors

/// Something that owns trainable tensors, directly or through named children.
///
/// Parameter names are dotted paths (`enc2.0.conv1.conv.weight`): exactly the safetensors keys of
/// shared/ARCHITECTURE.md once the network prefix (`depth.`, `pose.`) is added.
public protocol ParameterContainer: AnyObject {
    /// This object's own tensors and children, each under its local name.
    var members: [(name: String, member: Member)] { get }
}

/// One entry of ``ParameterContainer/members``.
public enum Member {
    /// A trainable tensor.
    case tensor(Tensor)
    /// A child whose parameters are listed under `<name>.`.
    case child(any ParameterContainer)
}

extension ParameterContainer {
    /// Every trainable tensor below this object with its dotted name, in declaration order.
    public func namedParameters(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        members.flatMap { name, member -> [(name: String, tensor: Tensor)] in
            switch member {
            case .tensor(let tensor): [(prefix + name, tensor)]
            case .child(let child): child.namedParameters(prefix: prefix + name + ".")
            }
        }
    }
}

/// A network layer: a function of one NCHW tensor with trainable parameters.
public protocol Layer: ParameterContainer {
    /// Applies the layer.
    func callAsFunction(_ x: Tensor) -> Tensor
}
