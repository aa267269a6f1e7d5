import PhotometricKernels

/// The photometric inner loops compiled for AVX2 with FMA (`-target-cpu haswell`, see
/// Package.swift): use ``kernels`` only on CPUs with both. Their results are the baseline
/// code's bit for bit (no operation is fused or reordered).
public enum AVX2PhotometricKernels {
    /// ``PhotometricKernelSet`` specialised in this module, so compiled for AVX2, warping eight pixels at once.
    public static let kernels = PhotometricKernelSet(compiledIn: AVX2PhotometricKernels.self, warpsEightAtOnce: true)
}
