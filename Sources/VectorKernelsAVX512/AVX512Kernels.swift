import VectorKernels

/// The direct-correlation kernels on 16-float vectors. This module is compiled for AVX-512
/// (`-target-cpu skylake-avx512`: F, CD, BW, DQ, VL; see Package.swift): use
/// ``correlationKernels`` only on CPUs with all of them.
public enum AVX512Kernels {
    /// ``DirectCorrelation`` specialised for `SIMD16<Float>` and compiled for AVX-512.
    public static let correlationKernels = CorrelationKernels(vector: SIMD16<Float>.self)
}
