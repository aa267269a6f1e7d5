import Geometry
import Imaging
import Parallelism
import PhotometricKernels

/// Sliding-window photometric bundle adjustment: the poses of the last few frames and the
/// inverse depths of sparse textured points in them, refined together so that every point looks
/// the same in every frame of the window.
///
/// Frame-to-frame alignment (``PoseRefinement``) trusts the depth network's map as it is, and
/// the map's shape errors lean every motion the same way: along a walk the rotation drifts
/// steadily. Here each point's depth is free to move (held near the network's value by a prior,
/// which also fixes the scale), so the poses no longer inherit the depth's bias. Each frame
/// hosts one point per ``blockSize``-pixel square (its strongest gradient) with a 9-pixel
/// brightness pattern; residuals are Huber-weighted brightness differences in every other frame
/// of the window. Levenberg-Marquardt on the camera unknowns with the points eliminated (Schur
/// complement); the oldest frame of the window stays fixed (the gauge). Until the first frame
/// leaves, the priors set the window's scale; from then on the scale is carried: every step is
/// rescaled about the oldest camera so that the frames that were already in the window keep
/// their mean distance from it (the photometric cost does not change under that rescaling, only
/// the priors' does), so that the scale no longer follows the network's, which wanders from
/// place to place. Frames that already left can take part again as anchors
/// (``anchorDistances``), their poses held like the oldest's: a window of neighbouring frames
/// has short baselines, on which a small turn and a small sideways step look alike, and the
/// anchors' longer ones tell them apart and hold the scale instead.
public struct PhotometricBundleAdjustment: Sendable {
    /// Frames adjusted together; the oldest leaves when a new one would exceed this.
    public var windowSize = 8
    /// Levenberg-Marquardt iterations per ``optimize()`` at most.
    public var iterations = 4
    /// Brightness difference (in [0, 1] units) beyond which a residual's weight falls off (Huber).
    public var huberThreshold = 0.04
    /// Brightness noise (in [0, 1] units) that weighs residuals against the depth prior.
    public var brightnessSigma = 0.03
    /// Relative standard deviation of the depth network's inverse depth, the prior's width.
    public var inverseDepthSigma = 0.4
    /// Largest rotation of a frame in one Levenberg-Marquardt step, radians; larger steps are
    /// damped further.
    public var maximumTurnPerStep = 0.5 * Double.pi / 180
    /// Side of the squares in which one point is selected, in pixels (by default a 32nd of the
    /// frame's width, 14 at least: 14 at 256x192, 20 at 640x480, where it halves the time of 12
    /// for nearly the same poses).
    public var blockSize: Int
    /// A frame that gets fewer points than this on the ``blockSize`` grid (a frame with little
    /// texture) is selected again on the ``finestBlockSize`` grid: the adjustment holds such a
    /// frame only with every point it can get, while textured frames have points to spare.
    public var minimumPoints = 64
    /// The grid for frames with little texture, in pixels.
    public static let finestBlockSize = 12
    /// Weakest gradient (brightness per pixel) a point may have.
    public var minimumGradient: Float = 0.02
    /// Frames that already left the window and take part in every adjustment with their poses
    /// fixed, each given by how many frames before the window's oldest it left (1: the last one
    /// to leave). Their longer baselines hold the window's rotation and scale, which a window of
    /// neighbouring frames lets drift along a walk; once one takes part the scale is no longer
    /// carried.
    public var anchorDistances: [Int] = []

    /// The camera of the frames.
    public let intrinsics: Intrinsics
    private(set) var frames: [BundleFrame] = []
    /// After a frame left: how many of the oldest frames keep their mean distance from the
    /// oldest camera, and that distance.
    private var carriedScale: (frames: Int, spread: Double)?
    /// The frames that left the window, the last to leave last, as many as the anchors reach.
    private var departed: [BundleFrame] = []

    /// An empty window for frames taken with `intrinsics`.
    public init(intrinsics: Intrinsics) {
        self.intrinsics = intrinsics
        blockSize = max(14, Int((Double(intrinsics.width) / 32).rounded()))
    }

    /// What one ``optimize()`` did.
    public struct Result: Sendable {
        /// Total robust cost before and after.
        public let initialCost: Double, finalCost: Double
        /// Accepted Levenberg-Marquardt steps.
        public let acceptedSteps: Int
    }

    /// Number of frames in the window.
    public var count: Int { frames.count }

    /// Points hosted by the window's frames, oldest frame first.
    public var pointCounts: [Int] { frames.map(\.pointCount) }

    /// The window's camera-to-world poses, oldest first.
    public var worldFromCameras: [RigidTransform] { frames.map { $0.cameraFromWorld.inverse } }

    /// Adds the newest frame (any channel count; converted to gray) with its depth in metres at
    /// the frame's size (0 = unknown) and its pose estimate.
    public mutating func append(image: Image, depth: DepthMap, worldFromCamera: RigidTransform) {
        precondition(image.width == intrinsics.width && image.height == intrinsics.height,
                     "PhotometricBundleAdjustment: frame \(image.width)x\(image.height), camera \(intrinsics.width)x\(intrinsics.height)")
        let gray = image.gray()
        func frame(blockSize: Int) -> BundleFrame {
            BundleFrame(gray: gray, depth: depth, cameraFromWorld: worldFromCamera.inverse, intrinsics: intrinsics,
                        blockSize: blockSize, minimumGradient: minimumGradient)
        }
        let selected = frame(blockSize: blockSize)
        let needsFinerGrid = selected.pointCount < minimumPoints && blockSize > Self.finestBlockSize
        frames.append(needsFinerGrid ? frame(blockSize: Self.finestBlockSize) : selected)
    }

    /// Moves the newest frame to `cameraFromWorld`.
    mutating func placeNewest(cameraFromWorld: RigidTransform) {
        frames[frames.count - 1].cameraFromWorld = cameraFromWorld
    }

    /// Removes the oldest frame and returns its final camera-to-world pose.
    @discardableResult
    public mutating func removeOldest() -> RigidTransform {
        let removedFrame = frames.removeFirst()
        departed.append(removedFrame)
        departed.removeFirst(max(0, departed.count - (anchorDistances.max() ?? 0)))
        let removed = removedFrame.cameraFromWorld.inverse
        let spread = Self.spread(frames, count: frames.count)
        carriedScale = spread > 1e-6 ? (frames.count, spread) : nil
        return removed
    }

    /// The mean distance of the camera centres of `frames[1..<count]` from that of `frames[0]`.
    private static func spread(_ frames: [BundleFrame], count: Int) -> Double {
        guard count >= 2 else { return 0 }
        let origin = frames[0].cameraFromWorld.inverse.translation
        return (1..<count).map { length(frames[$0].cameraFromWorld.inverse.translation - origin) }.reduce(0, +) / Double(count - 1)
    }

    /// `frames` scaled about the oldest camera so that the carried frames' spread is the carried
    /// one: camera centres move away from it by the factor, point depths grow by it.
    private func carryingScale(_ frames: [BundleFrame]) -> [BundleFrame] {
        guard let carriedScale, frames.count >= carriedScale.frames else { return frames }
        let spread = Self.spread(frames, count: carriedScale.frames)
        guard spread > 1e-9 else { return frames }
        let factor = carriedScale.spread / spread
        let origin = frames[0].cameraFromWorld.inverse.translation
        return frames.map { frame in
            var scaled = frame
            let worldFromCamera = frame.cameraFromWorld.inverse
            scaled.cameraFromWorld = RigidTransform(rotation: worldFromCamera.rotation,
                                                    translation: origin + factor * (worldFromCamera.translation - origin)).inverse
            scaled.inverseDepths = frame.inverseDepths.map { $0 / factor }
            return scaled
        }
    }

    /// The refined inverse depths of the points `frame` hosts (index into the window, oldest
    /// first), with the depth network's values they started from.
    public func inverseDepths(frame: Int) -> (refined: [Double], prior: [Double]) {
        (frames[frame].inverseDepths, frames[frame].priors)
    }

    /// The factor that brings `frame`'s depth map (index into the window, oldest first) to the
    /// window's scale: the median over its points of prior over refined inverse depth (1 when it
    /// hosts none). The depth network's scale wanders from frame to frame; the adjusted poses
    /// follow the scale the window's points agree on, and the dense depth should too.
    public func depthScale(frame: Int) -> Double {
        let ratios = zip(frames[frame].priors, frames[frame].inverseDepths).map { $0 / $1 }
        return ratios.isEmpty ? 1 : DepthMetrics.median(ratios)
    }

    /// The departed frames at ``anchorDistances`` that exist yet, the earliest first.
    private var anchors: [Int] {
        Set(anchorDistances.filter { $0 >= 1 && $0 <= departed.count }).sorted(by: >).map { departed.count - $0 }
    }

    /// Refines every pose but the oldest (and the anchors'), and every point's inverse depth.
    @discardableResult
    public mutating func optimize() -> Result {
        guard frames.count >= 2 else { return Result(initialCost: 0, finalCost: 0, acceptedSteps: 0) }
        let anchorIndices = anchors
        var window = anchorIndices.map { departed[$0] } + frames
        let result = optimize(&window, fixedCount: anchorIndices.count + 1, carriesScale: anchorIndices.isEmpty)
        for (position, index) in anchorIndices.enumerated() { departed[index] = window[position] }
        frames = Array(window.suffix(frames.count))
        return result
    }

    /// Levenberg-Marquardt on `frames`, the first `fixedCount` poses held (the anchors and the
    /// window's oldest); `carriesScale` when no anchor holds the scale.
    private func optimize(_ frames: inout [BundleFrame], fixedCount: Int, carriesScale: Bool) -> Result {
        // Each linearisation also gives the cost at its point. Candidates are linearised as they
        // are tried (but in the last iteration): most are accepted, and their system is then the
        // next iteration's, without another pass over the residuals.
        var system = contributions(frames, linearize: true)
        var cost = totalCost(system)
        let initialCost = cost
        var damping = 1e-4, accepted = 0
        for iteration in 0..<iterations {
            var improved = false
            for _ in 0..<5 {
                guard let stepped = step(system, frames: frames, fixedCount: fixedCount, damping: damping) else {
                    damping *= 10; continue
                }
                let candidate = carriesScale ? carryingScale(stepped) : stepped
                let candidateSystem = contributions(candidate, linearize: iteration < iterations - 1)
                let candidateCost = totalCost(candidateSystem)
                if candidateCost < cost {
                    improved = cost - candidateCost > 1e-4 * cost
                    frames = candidate; cost = candidateCost; system = candidateSystem
                    damping = max(damping / 4, 1e-7); accepted += 1
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        return Result(initialCost: initialCost, finalCost: cost, acceptedSteps: accepted)
    }

    /// `frames` after one damped Gauss-Newton step with the first `fixedCount` poses held, `nil`
    /// when the reduced system is singular.
    private func step(_ system: [HostContribution], frames: [BundleFrame], fixedCount: Int, damping: Double) -> [BundleFrame]? {
        let parameterCount = 6 * frames.count, held = 6 * fixedCount, free = parameterCount - held
        // The reduced camera system without the fixed frames, damped on its diagonal.
        var matrix = [Double](repeating: 0, count: free * free), gradient = [Double](repeating: 0, count: free)
        for host in system {
            for i in 0..<free {
                gradient[i] -= host.reducedGradient[i + held]
                for j in 0..<free { matrix[i * free + j] += host.reduced[(i + held) * parameterCount + j + held] }
            }
        }
        for i in 0..<free { matrix[i * free + i] += damping * max(matrix[i * free + i], 1e-9) }
        guard let solution = solveSymmetricPositiveDefinite(matrix, gradient) else { return nil }
        // A turn larger than a small-step linearisation covers is not trusted: more damping.
        for frame in 0..<(free / 6) {
            let turn = SIMD3(solution[6 * frame + 3], solution[6 * frame + 4], solution[6 * frame + 5])
            if length(turn) > maximumTurnPerStep { return nil }
        }
        let update = [Double](repeating: 0, count: held) + solution
        var candidate = frames
        for (index, host) in system.enumerated() {
            let xi = Array(update[(6 * index)..<(6 * index + 6)])
            candidate[index].cameraFromWorld = RigidTransform(rotation: Matrix3.rotation(axisAngle: [xi[3], xi[4], xi[5]]),
                                                              translation: [xi[0], xi[1], xi[2]]) * frames[index].cameraFromWorld
            for p in 0..<frames[index].pointCount {
                var coupling = 0.0
                for i in 0..<parameterCount { coupling += host.pointColumns[p * parameterCount + i] * update[i] }
                let change = -(host.pointGradient[p] + coupling) / host.pointDiagonal[p]
                candidate[index].inverseDepths[p] = max(frames[index].inverseDepths[p] + change, 0.01)
            }
        }
        return candidate
    }

    private func totalCost(_ system: [HostContribution]) -> Double {
        system.map(\.cost).reduce(0, +)
    }

    /// Each host frame's contribution, each host claimed by whichever core is free (hosts differ
    /// in their point counts, so two fixed halves of the window would leave one core waiting).
    private func contributions(_ frames: [BundleFrame], linearize: Bool) -> [HostContribution] {
        Parallel.map(frames.count) { host in
            photometricKernels.hostContribution(host, frames, intrinsics, huberThreshold, brightnessSigma, inverseDepthSigma, linearize)
        }
    }
}
