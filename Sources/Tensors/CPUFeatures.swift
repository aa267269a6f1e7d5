import Foundation

/// What the processor running this program can execute, read once from the operating system.
public enum CPUFeatures {
    /// True when the CPU has AVX2 and FMA, which the `VectorKernels` module is compiled for
    /// (x86-64 Linux: the `flags` line of /proc/cpuinfo; false anywhere else).
    public static let hasAVX2AndFMA: Bool = {
        #if arch(x86_64) && os(Linux)
        guard let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = cpuInfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        return flags.contains("avx2") && flags.contains("fma")
        #else
        return false
        #endif
    }()
}
