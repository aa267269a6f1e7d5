import VectorKernels

/// The convolution kernels (direct correlation, 3x3 plane filter) on 16-float vectors. This module is compiled for AVX-512
/// (`-target-cpu skylake-avx512`: F, CD, BW, DQ, VL; see Package.swift): use
/// ``convolution`` only on CPUs with all of them.
public enum AVX512Kernels {
    /// ``DirectCorrelation`` and ``PlaneFilter3x3`` specialised for `SIMD16<Float>` and compiled for AVX-512.
    public static let convolution = ConvolutionKernels(vector: SIMD16<Float>.self)
}
