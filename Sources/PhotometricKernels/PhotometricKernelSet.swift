import Geometry

/// The photometric inner loops (a bundle-adjustment host's contribution, direct alignment's
/// sums) specialised and compiled in one module, as a value the caller picks at run time once
/// it knows what the CPU can execute: ``baseline`` runs anywhere, `PhotometricKernelsAVX2` makes
/// one for CPUs with AVX2 and FMA. Every set computes the same results bit for bit (the same
/// operations in the same order; none is fused).
public struct PhotometricKernelSet: Sendable {
    /// ``HostContribution/init(host:frames:intrinsics:huberThreshold:brightnessSigma:inverseDepthSigma:linearize:compiledIn:)``;
    /// arguments in the same order.
    public let hostContribution: @Sendable (
        _ host: Int, _ frames: [BundleFrame], _ intrinsics: Intrinsics, _ huberThreshold: Double,
        _ brightnessSigma: Double, _ inverseDepthSigma: Double, _ linearize: Bool) -> HostContribution
    /// ``AlignmentSums/costs(points:brightness:range:image:motions:intrinsics:huberThreshold:compiledIn:)``;
    /// arguments in the same order.
    public let alignmentCosts: @Sendable (
        _ points: [SIMD3<Double>], _ brightness: [Float], _ range: Range<Int>, _ image: GradientImage,
        _ motions: [RigidTransform], _ intrinsics: Intrinsics, _ huberThreshold: Float) -> [Double]
    /// ``AlignmentSums/normalEquations(points:inReference:brightness:range:image:toSource:rotationBack:intrinsics:huberThreshold:compiledIn:)``;
    /// arguments in the same order.
    public let alignmentNormalEquations: @Sendable (
        _ points: [SIMD3<Double>], _ inReference: [SIMD3<Double>], _ brightness: [Float], _ range: Range<Int>,
        _ image: GradientImage, _ toSource: RigidTransform, _ rotationBack: Matrix3, _ intrinsics: Intrinsics,
        _ huberThreshold: Float) -> [Double]
    /// ``PlaneWarp/sample(_:factor:pixels:warped:inside:eightAtOnce:compiledIn:)``; arguments
    /// in the same order.
    public let planeWarp: @Sendable (
        _ source: PlaneWarpSource, _ factor: Float, _ pixels: Range<Int>, _ warped: UnsafeMutablePointer<Float>,
        _ inside: UnsafeMutablePointer<Float>) -> Void

    /// The loops specialised in the module that declares `Module`, so compiled with that
    /// module's instructions; the plane warp eight pixels at once or one by one.
    @inlinable
    public init<Module>(compiledIn _: Module.Type, warpsEightAtOnce: Bool) {
        hostContribution = { host, frames, intrinsics, huberThreshold, brightnessSigma, inverseDepthSigma, linearize in
            HostContribution(host: host, frames: frames, intrinsics: intrinsics, huberThreshold: huberThreshold,
                             brightnessSigma: brightnessSigma, inverseDepthSigma: inverseDepthSigma, linearize: linearize,
                             compiledIn: Module.self)
        }
        alignmentCosts = { points, brightness, range, image, motions, intrinsics, huberThreshold in
            AlignmentSums.costs(points: points, brightness: brightness, range: range, image: image, motions: motions,
                                intrinsics: intrinsics, huberThreshold: huberThreshold, compiledIn: Module.self)
        }
        alignmentNormalEquations = { points, inReference, brightness, range, image, toSource, rotationBack, intrinsics, huberThreshold in
            AlignmentSums.normalEquations(points: points, inReference: inReference, brightness: brightness, range: range,
                                          image: image, toSource: toSource, rotationBack: rotationBack,
                                          intrinsics: intrinsics, huberThreshold: huberThreshold, compiledIn: Module.self)
        }
        planeWarp = { source, factor, pixels, warped, inside in
            PlaneWarp.sample(source, factor: factor, pixels: pixels, warped: warped, inside: inside,
                             eightAtOnce: warpsEightAtOnce, compiledIn: Module.self)
        }
    }

    /// The loops compiled for any x86-64 (this module's instructions).
    public static let baseline = PhotometricKernelSet(compiledIn: PhotometricKernelSet.self, warpsEightAtOnce: false)
}
