import VectorKernels

/// The convolution kernels (direct correlation, channel-axis Conv3d) and the activations on 16-float vectors. This module is compiled for AVX-512
/// (`-target-cpu skylake-avx512`: F, CD, BW, DQ, VL; see Package.swift): use
/// ``convolution`` only on CPUs with all of them.
public enum AVX512Kernels {
    /// ``DirectCorrelation`` and ``ChannelVolumeFilter`` compiled for AVX-512.
    public static let convolution = ConvolutionKernels(vector: SIMD16<Float>.self)

    /// ``ActivationLoops`` (ELU, sigmoid) compiled for AVX-512.
    public static let activations = ActivationKernels(compiledIn: AVX512Kernels.self)
}
