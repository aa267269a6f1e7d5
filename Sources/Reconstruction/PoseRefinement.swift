import Geometry
import Imaging
import Parallelism
import PhotometricKernels

/// Sharpens a relative camera motion by direct image alignment: the target frame's pixels,
/// back-projected with its depth and moved by T_source←target, should land where the source
/// frame shows the same brightness. The target can be aligned against several earlier frames at
/// once (their poses relative to the first fixed): their longer baselines separate translation
/// from rotation better than one neighbour does, and chained motions drift less.
///
/// Levenberg-Marquardt on the Huber-weighted brightness differences of the gray images,
/// coarse to fine over an image pyramid (each level half the size of the next), with the motion
/// updated on the left, `T ← exp(δ)·T`. The pose network's estimate is typically a few pixels off
/// at 128x96 while the photometric basin is about a pixel wide at each level, so the coarse
/// levels bring it into the fine levels' basin. The refined motion is kept only when it explains
/// the finest level better than the estimate did; otherwise the estimate is returned unchanged.
public struct PoseRefinement: Sendable {
    /// Pyramid levels used (the finest is the widest level at most ``finestWidth`` pixels wide).
    public var levels = 4
    /// Width of the finest level used: wider frames are aligned at a reduced size.
    public var finestWidth = 160
    /// The finest levels that align against every source; coarser levels, which only bring the
    /// motion into the fine levels' basin, use the first source alone (cheaper).
    public var allSourceLevels = 2
    /// A level stops when an iteration lowers its cost by less than this fraction.
    public var relativeTolerance = 1e-3
    /// Levenberg-Marquardt iterations per level at most.
    public var iterationsPerLevel = 10
    /// Brightness difference (in [0, 1] units) beyond which a pixel's weight falls off (Huber).
    public var huberThreshold: Float = 0.04

    /// The default settings.
    public init() {}

    /// What one refinement did.
    public struct Result: Sendable {
        /// The refined motion, or the initial one when refinement did not help.
        public let motion: RigidTransform
        /// Robust photometric cost at the finest level before and after: per source, the mean
        /// over the pixels that both motions keep inside it, averaged over the sources.
        public let initialCost: Double, finalCost: Double
        /// Whether the refined motion was kept.
        public let accepted: Bool
    }

    /// A frame the target is aligned against.
    public struct Source: Sendable {
        /// The frame (any channel count; converted to gray), the target's size.
        public var image: Image
        /// T_source←reference, where the reference is the first source (identity for it).
        public var fromReference: RigidTransform

        /// A source at `fromReference` from the reference frame.
        public init(image: Image, fromReference: RigidTransform = .identity) {
            self.image = image
            self.fromReference = fromReference
        }

        /// The sources for aligning a new frame against `frames` (oldest first, with their
        /// camera-to-world poses): the newest is the reference and comes first.
        public static func window(_ frames: [(image: Image, worldFromCamera: RigidTransform)]) -> [Source] {
            guard let reference = frames.last?.worldFromCamera else { return [] }
            return frames.reversed().map { Source(image: $0.image, fromReference: $0.worldFromCamera.inverse * reference) }
        }
    }

    /// Refines `initial` = T_source←target against one source frame.
    ///
    /// - Parameters:
    ///   - target: the target frame (any channel count; converted to gray).
    ///   - depth: the target frame's depth in metres at the target's size (0 = unknown).
    ///   - source: the source frame, the same size as the target.
    ///   - intrinsics: the camera at the frames' size.
    public func refine(target: Image, depth: DepthMap, source: Image, intrinsics: Intrinsics,
                       initial: RigidTransform) -> Result {
        refine(target: target, depth: depth, sources: [Source(image: source)], intrinsics: intrinsics, initial: initial)
    }

    /// Refines `initial` = T_reference←target, the reference being `sources[0]`, against all the
    /// sources at once: the cost is the mean over the sources of each one's mean robust cost.
    public func refine(target: Image, depth: DepthMap, sources: [Source], intrinsics: Intrinsics,
                       initial: RigidTransform) -> Result {
        precondition(!sources.isEmpty && sources.allSatisfy { $0.image.width == target.width && $0.image.height == target.height }
                     && depth.width == target.width && depth.height == target.height,
                     "PoseRefinement: target \(target.width)x\(target.height), sources \(sources.map { "\($0.image.width)x\($0.image.height)" }), depth \(depth.width)x\(depth.height)")
        let pyramid = Self.pyramid(target: target.gray(), depth: depth, sources: sources, intrinsics: intrinsics,
                                   levels: levels, allSourceLevels: allSourceLevels, finestWidth: finestWidth)
        var motion = initial
        for level in pyramid.reversed() {
            motion = align(level, from: motion)
        }
        let costs = pyramid[0].costs([initial, motion], huberThreshold: huberThreshold)
        let initialCost = costs[0], finalCost = costs[1]
        let accepted = finalCost < initialCost
        return Result(motion: accepted ? motion : initial, initialCost: initialCost, finalCost: accepted ? finalCost : initialCost,
                      accepted: accepted)
    }

    /// Levenberg-Marquardt on one level, starting at `start`.
    private func align(_ level: AlignmentLevel, from start: RigidTransform) -> RigidTransform {
        var motion = start
        var damping = 1e-4
        for _ in 0..<iterationsPerLevel {
            let (hessian, gradient) = level.normalEquations(motion, huberThreshold: huberThreshold)
            var improved = false
            for _ in 0..<6 {
                var damped = hessian
                for i in 0..<6 { damped[i * 6 + i] += damping * max(hessian[i * 6 + i], 1e-9) }
                guard let step = solveSymmetricPositiveDefinite(damped, gradient.map { -$0 }) else { damping *= 10; continue }
                let candidate = RigidTransform(rotation: Matrix3.rotation(axisAngle: [step[3], step[4], step[5]]),
                                               translation: [step[0], step[1], step[2]]) * motion
                let costs = level.costs([motion, candidate], huberThreshold: huberThreshold)
                if costs[1] < costs[0] {
                    motion = candidate
                    damping = max(damping / 4, 1e-7)
                    improved = step.map(abs).max()! > 1e-6 && costs[0] - costs[1] > relativeTolerance * costs[0]
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        return motion
    }

    /// Levels from finest (index 0, at most `finestWidth` wide) to coarsest (at least 16 px wide);
    /// the finest `allSourceLevels` hold every source, the others the first only.
    static func pyramid(target: Image, depth: DepthMap, sources: [Source], intrinsics: Intrinsics,
                        levels: Int, allSourceLevels: Int, finestWidth: Int) -> [AlignmentLevel] {
        var width = target.width, height = target.height
        while width > finestWidth && width >= 32 && height >= 32 { width /= 2; height /= 2 }
        let grays = sources.map { $0.image.gray() }
        var result: [AlignmentLevel] = []
        while result.count < levels && width >= 16 && height >= 12 {
            result.append(AlignmentLevel(
                target: target.resized(width: width, height: height, method: .area),
                depth: depth.resized(width: width, height: height),
                sources: zip(grays, sources).prefix(result.count < allSourceLevels ? sources.count : 1).map { gray, source in
                    AlignmentLevel.Source(image: gray.resized(width: width, height: height, method: .area),
                                          fromReference: source.fromReference)
                },
                intrinsics: intrinsics.rescaled(width: width, height: height)))
            width /= 2; height /= 2
        }
        return result
    }
}
