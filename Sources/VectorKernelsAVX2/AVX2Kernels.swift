import VectorKernels

/// The convolution kernels (direct correlation, channel-axis Conv3d) and the activations on 8-float vectors. This module is compiled for AVX2 with FMA
/// (`-target-cpu haswell`, see Package.swift): use ``convolution`` only on CPUs with both.
public enum AVX2Kernels {
    /// ``DirectCorrelation`` and ``ChannelVolumeFilter`` compiled for AVX2 + FMA.
    public static let convolution = ConvolutionKernels(vector: SIMD8<Float>.self)

    /// ``ActivationLoops`` (ELU, sigmoid) compiled for AVX2 + FMA.
    public static let activations = ActivationKernels(compiledIn: AVX2Kernels.self)
}
