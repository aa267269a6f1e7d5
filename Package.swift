// swift-tools-version:6.0
import PackageDescription

// MARK: - System libraries (module map + shim header + pkg-config name + apt provider)

let systemLibraries: [Target] = [
    .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(name: "CGLFW", pkgConfig: "glfw3", providers: [.apt(["libglfw3-dev"])]),
    .systemLibrary(name: "CEpoxy", pkgConfig: "epoxy", providers: [.apt(["libepoxy-dev"])]),
    .systemLibrary(name: "CGL", pkgConfig: "gl", providers: [.apt(["libgl-dev"])]),
]

// MARK: - Code generation for the vector kernels

/// Compiler flags that let a kernel module use the instructions of `cpu` (x86-64 only).
func targetCPU(_ cpu: String) -> [SwiftSetting] {
    #if arch(x86_64)
    return [.unsafeFlags(["-target-cpu", cpu])]
    #else
    return []
    #endif
}

// MARK: - Library modules (each depends only on those above it; see shared/DESIGN.md)

let libraries: [Target] = [
    // Deterministic multi-core loops, shared by every module with numeric kernels.
    .target(name: "Parallelism"),
    // Convolution kernels generic over the vector width, and their specialisations compiled for
    // AVX2 + FMA and for AVX-512; Tensors calls each only on CPUs that have its instructions.
    .target(name: "VectorKernels"),
    .target(name: "VectorKernelsAVX2", dependencies: ["VectorKernels"], swiftSettings: targetCPU("haswell")),
    .target(name: "VectorKernelsAVX512", dependencies: ["VectorKernels"], swiftSettings: targetCPU("skylake-avx512")),
    .target(name: "Tensors", dependencies: ["COpenBLAS", "Parallelism", "VectorKernels", "VectorKernelsAVX2", "VectorKernelsAVX512"]),
    .target(name: "Geometry"),
    .target(name: "Imaging", dependencies: ["CPNG", "Parallelism"]),
    .target(name: "Sequences", dependencies: ["Geometry", "Imaging", "Parallelism"]),
    .target(
        name: "DepthModels",
        dependencies: ["Tensors", "Geometry", "Imaging", "Sequences"],
        resources: [.copy("Resources/packnet-s.safetensors")]
    ),
    // The photometric inner loops (bundle adjustment, frame alignment), generic so that they can be specialised in
    // a module compiled for AVX2 + FMA as well; Reconstruction picks by CPU at run time.
    .target(name: "PhotometricKernels", dependencies: ["Geometry", "Imaging"]),
    .target(name: "PhotometricKernelsAVX2", dependencies: ["Geometry", "PhotometricKernels"], swiftSettings: targetCPU("haswell")),
    .target(
        name: "Reconstruction",
        dependencies: ["DepthModels", "Geometry", "Imaging", "Parallelism", "PhotometricKernels", "PhotometricKernelsAVX2", "Sequences", "Tensors"]
    ),
    .target(
        name: "Viewer",
        dependencies: ["CGLFW", "CEpoxy", "CGL", "Geometry", "Imaging", "Reconstruction"],
        resources: [.copy("../../Shaders")]
    ),
]

// MARK: - Executables

let executables: [Target] = [
    .executableTarget(
        name: "packsfm",
        dependencies: [
            "Tensors", "Geometry", "Imaging", "Sequences", "DepthModels", "Reconstruction", "Viewer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    .executableTarget(
        name: "Benchmarks",
        dependencies: ["Tensors", "Geometry", "Imaging", "Sequences", "DepthModels", "Reconstruction", "Viewer"]
    ),
]

// MARK: - Tests (one test target per module, plus shared helpers)

let tests: [Target] = [
    .target(name: "TestSupport", dependencies: ["Tensors", "Geometry", "Imaging"]),
    .testTarget(name: "ParallelismTests", dependencies: ["Parallelism"]),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "GeometryTests", dependencies: ["Geometry", "TestSupport"]),
    .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"]),
    .testTarget(name: "SequencesTests", dependencies: ["Sequences", "TestSupport"]),
    .testTarget(name: "DepthModelsTests", dependencies: ["DepthModels", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "ReconstructionTests", dependencies: ["Reconstruction", "PhotometricKernels", "PhotometricKernelsAVX2", "Tensors", "TestSupport"]),
    .testTarget(name: "ViewerTests", dependencies: ["Viewer", "TestSupport"], resources: [.copy("Snapshots")]),
    .testTarget(name: "PackSfMCommandTests", dependencies: ["TestSupport", "Imaging", "Geometry", "Reconstruction", "Tensors"]),
]

let package = Package(
    name: "PackSfM",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "packsfm", targets: ["packsfm"]),
        .executable(name: "Benchmarks", targets: ["Benchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: systemLibraries + libraries + executables + tests
)
