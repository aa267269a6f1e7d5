/// ``ActivationLoops`` specialised and compiled in one module, as a value the caller picks at
/// run time once it knows what the CPU can execute: ``baseline`` runs anywhere,
/// `VectorKernelsAVX2` and `VectorKernelsAVX512` each make one for wider registers.
public struct ActivationKernels: Sendable {
    /// ``ActivationLoops/exponentialLinear(input:output:count:alpha:compiledIn:)``; arguments in the same order.
    public let exponentialLinear: @Sendable (
        _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ count: Int, _ alpha: Float) -> Void
    /// ``ActivationLoops/exponentialLinearGradient(input:output:gradient:inputGradient:count:alpha:compiledIn:)``;
    /// arguments in the same order.
    public let exponentialLinearGradient: @Sendable (
        _ input: UnsafePointer<Float>, _ output: UnsafePointer<Float>, _ gradient: UnsafePointer<Float>,
        _ inputGradient: UnsafeMutablePointer<Float>, _ count: Int, _ alpha: Float) -> Void
    /// ``ActivationLoops/sigmoid(input:output:count:compiledIn:)``; arguments in the same order.
    public let sigmoid: @Sendable (_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ count: Int) -> Void

    /// The loops specialised in the module that declares `Module`, so compiled with that
    /// module's instructions.
    @inlinable
    public init<Module>(compiledIn _: Module.Type) {
        exponentialLinear = { ActivationLoops.exponentialLinear(input: $0, output: $1, count: $2, alpha: $3, compiledIn: Module.self) }
        exponentialLinearGradient = {
            ActivationLoops.exponentialLinearGradient(input: $0, output: $1, gradient: $2, inputGradient: $3, count: $4,
                                                      alpha: $5, compiledIn: Module.self)
        }
        sigmoid = { ActivationLoops.sigmoid(input: $0, output: $1, count: $2, compiledIn: Module.self) }
    }

    /// The loops compiled for the baseline CPU (SSE2 on x86-64).
    public static let baseline = ActivationKernels(compiledIn: ActivationKernels.self)
}
