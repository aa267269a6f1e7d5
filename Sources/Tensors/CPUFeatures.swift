import Foundation

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
