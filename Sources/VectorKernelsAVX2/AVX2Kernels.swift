import VectorKernels

/// The direct-correlation kernels on 8-float vectors. This module is compiled for AVX2 with FMA
/// (`-target-cpu haswell`, see Package.swift): use ``correlationKernels`` only on CPUs with both.
public enum AVX2Kernels {
    /// ``DirectCorrelation`` specialised for `SIMD8<Float>` and compiled for AVX2 + FMA.
    public static let correlationKernels = CorrelationKernels(vector: SIMD8<Float>.self)
}
