import Foundation
import VectorKernels
import VectorKernelsAVX2
import VectorKernelsAVX512

/// What the processor running this program can execute, read once from the operating system.
public enum CPUFeatures {
    /// The instruction-set flags the operating system reports for this CPU (x86-64 Linux: the
    /// `flags` line of /proc/cpuinfo, which leaves out extensions the kernel does not enable;
    /// empty anywhere else).
    static let flags: Set<String> = {
        #if arch(x86_64) && os(Linux)
        guard let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = cpuInfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return [] }
        return Set(flagsLine.split(separator: " ").map(String.init))
        #else
        return []
        #endif
    }()

    /// True when the CPU has AVX2 and FMA, which `VectorKernelsAVX2` is compiled for.
    public static let hasAVX2AndFMA: Bool = flags.isSuperset(of: ["avx2", "fma"])

    /// True when the CPU has the AVX-512 extensions `VectorKernelsAVX512` is compiled for
    /// (Skylake-SP's set: F, CD, BW, DQ, VL; also AVX2 and FMA).
    public static let hasAVX512: Bool = hasAVX2AndFMA
        && flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"])
}

/// The convolution kernel sets this CPU can run, narrowest first: AVX2 with AVX2 and FMA, then
/// AVX-512 with its extensions.
let runnableVectorKernels: [ConvolutionKernels] = (CPUFeatures.hasAVX2AndFMA ? [AVX2Kernels.convolution] : [])
    + (CPUFeatures.hasAVX512 ? [AVX512Kernels.convolution] : [])

/// The convolution kernels of the widest vectors this CPU has, or nil without AVX2 and FMA.
let widestVectorKernels: ConvolutionKernels? = runnableVectorKernels.last

/// The activation loops this CPU can run, narrowest first: compiled for the baseline CPU, then
/// for AVX2 and for AVX-512 as ``runnableVectorKernels`` are.
let runnableActivationKernels: [ActivationKernels] = [.baseline]
    + (CPUFeatures.hasAVX2AndFMA ? [AVX2Kernels.activations] : []) + (CPUFeatures.hasAVX512 ? [AVX512Kernels.activations] : [])

/// The activation loops of the widest vectors this CPU has.
let widestActivationKernels: ActivationKernels = runnableActivationKernels.last!
