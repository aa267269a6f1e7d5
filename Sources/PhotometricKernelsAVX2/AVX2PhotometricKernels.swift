import Geometry
import PhotometricKernels

/// The photometric bundle adjustment's inner loops compiled for AVX2 with FMA (`-target-cpu
/// haswell`, see Package.swift): call them only on CPUs with both. Their results are the
/// baseline code's bit for bit (no operation is fused or reordered), in half the time.
public enum AVX2PhotometricKernels {
    /// ``HostContribution`` specialised in this module, so compiled for AVX2.
    public static func hostContribution(host: Int, frames: [BundleFrame], intrinsics: Intrinsics, huberThreshold: Double,
                                        brightnessSigma: Double, inverseDepthSigma: Double, linearize: Bool) -> HostContribution {
        HostContribution(host: host, frames: frames, intrinsics: intrinsics, huberThreshold: huberThreshold,
                         brightnessSigma: brightnessSigma, inverseDepthSigma: inverseDepthSigma, linearize: linearize,
                         compiledIn: AVX2PhotometricKernels.self)
    }
}
