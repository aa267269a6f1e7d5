import Foundation
import Testing
@testable import Tensors

/// The correction of OpenBLAS's kernel choice on CPUs newer than the library.
@Suite struct BLASKernelFamilyTests {
    @Test func aGenericChoiceIsReplacedByTheWidestFamilyTheCPUCanRun() {
        #expect(BLASKernelFamily.replacement(for: "Prescott", hasAVX2AndFMA: true, hasAVX512: true) == "SkylakeX")
        #expect(BLASKernelFamily.replacement(for: "Prescott", hasAVX2AndFMA: true, hasAVX512: false) == "Haswell")
        #expect(BLASKernelFamily.replacement(for: "Sandybridge", hasAVX2AndFMA: true, hasAVX512: false) == "Haswell")
    }

    @Test func wideChoicesAndOldCPUsAreLeftAlone() {
        for family in ["Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"] {
            #expect(BLASKernelFamily.replacement(for: family, hasAVX2AndFMA: true, hasAVX512: true) == nil, "\(family)")
        }
        #expect(BLASKernelFamily.replacement(for: "Prescott", hasAVX2AndFMA: false, hasAVX512: false) == nil)
    }

    /// On this machine the library runs kernels as wide as the CPU allows (not checked when the
    /// environment forces a family: that choice is the user's, and left alone).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil))
    func theLibraryInUseHasKernelsAsWideAsTheCPU() {
        let family = BLAS.kernelFamily
        #expect(BLASKernelFamily.replacement(for: family, hasAVX2AndFMA: CPUFeatures.hasAVX2AndFMA,
                                             hasAVX512: CPUFeatures.hasAVX512) == nil,
                "OpenBLAS runs \(family) kernels on a CPU with AVX2 and FMA")
    }

    /// A family the environment forces is the one in use: the correction leaves it alone.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil))
    func aFamilyTheEnvironmentForcesIsKept() throws {
        let forced = try #require(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"])
        #expect(BLAS.kernelFamily.lowercased() == forced.lowercased())
    }
}
