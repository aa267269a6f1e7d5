import PhotometricKernels
import PhotometricKernelsAVX2
import Tensors

/// The photometric inner loops compiled for the widest instructions this CPU has: AVX2 on CPUs
/// with AVX2 and FMA, the baseline code elsewhere (the same results bit for bit).
let photometricKernels: PhotometricKernelSet = CPUFeatures.hasAVX2AndFMA ? AVX2PhotometricKernels.kernels : .baseline
