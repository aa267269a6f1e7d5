import COpenBLAS
import Foundation

/// Corrects OpenBLAS's kernel choice on processors newer than the library.
///
/// A DYNAMIC_ARCH OpenBLAS picks its kernels by CPU model when it loads. A model it does not
/// know falls back to the generic SSE3 kernels ("Prescott"): Debian's 0.3.21 does that on Intel's
/// Emerald Rapids (family 6, model 207), where they multiply at 55 GFLOP/s against 314 with the
/// AVX-512 ("SkylakeX") kernels the CPU can run (docs/benchmarks.md, twenty-third session).
/// When the library chose a family without AVX2 kernels while the CPU has AVX2 and FMA (or
/// AVX-512), this re-runs OpenBLAS's own selection with `OPENBLAS_CORETYPE` naming the widest
/// family the CPU can run, exactly as if the user had set the variable before starting the
/// program. A variable the user did set is left alone, and so is any choice that already has
/// wide kernels.
enum BLASKernelFamily {
    /// OpenBLAS families whose sgemm kernels use AVX2 and FMA or AVX-512, as
    /// `openblas_get_corename()` names them.
    private static let familiesWithWideKernels: Set<String> = [
        "Haswell", "Zen", "Excavator", "SkylakeX", "Cooperlake", "SapphireRapids",
    ]

    /// The family to force instead of `chosen` on a CPU with the given extensions, or `nil` to
    /// keep OpenBLAS's choice: only a choice without AVX2 kernels on a CPU that has AVX2 and FMA
    /// is replaced, by "SkylakeX" with AVX-512 and "Haswell" without.
    static func replacement(for chosen: String, hasAVX2AndFMA: Bool, hasAVX512: Bool) -> String? {
        guard hasAVX2AndFMA, !familiesWithWideKernels.contains(chosen) else { return nil }
        return hasAVX512 ? "SkylakeX" : "Haswell"
    }

    /// Applies ``replacement(for:hasAVX2AndFMA:hasAVX512:)`` to the running library once, before
    /// its first product (``BLAS`` calls it first). Does nothing when `OPENBLAS_CORETYPE` is set
    /// or the library cannot re-select (an OpenBLAS built for one CPU has no dynamic selection).
    static let corrected: Void = {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let family = replacement(for: String(cString: openblas_get_corename()), hasAVX2AndFMA: CPUFeatures.hasAVX2AndFMA,
                                       hasAVX512: CPUFeatures.hasAVX512),
              let quit = dynamicSymbol("gotoblas_dynamic_quit"), let initialise = dynamicSymbol("gotoblas_dynamic_init")
        else { return }
        setenv("OPENBLAS_CORETYPE", family, 1)
        quit()
        initialise()
        unsetenv("OPENBLAS_CORETYPE")
    }()

    /// A `void f(void)` function exported by a loaded library, or `nil`.
    private static func dynamicSymbol(_ name: String) -> (@convention(c) () -> Void)? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: (@convention(c) () -> Void).self)
    }
}
