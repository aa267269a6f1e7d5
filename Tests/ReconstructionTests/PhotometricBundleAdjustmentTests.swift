import Foundation
import Geometry
import Imaging
import PhotometricKernels
import PhotometricKernelsAVX2
import Sequences
import Tensors
import Testing
@testable import Reconstruction

@Suite struct PhotometricBundleAdjustmentTests {
    /// Frames of a random room walk rendered at 256x192 with their depth and true poses.
    struct RenderedWalk {
        let camera = Intrinsics.phone(width: 256, height: 192)
        let images: [Image], depths: [DepthMap], poses: [RigidTransform]

        /// The walk through room `room` of the generator with seed `seed` (by default a room
        /// with plaster walls and a tiled floor).
        init(frames: [Int], seed: UInt64 = 5, room: Int = 2) {
            let scene = RoomGenerator(seed: seed).room(room)
            let renderer = SceneRenderer(scene: scene, intrinsics: camera, supersampling: 2)
            let all = scene.cameraPoses(frameCount: 40, fps: 10).map(\.worldFromCamera)
            let rendered = frames.map { renderer.render(worldFromCamera: all[$0]) }
            images = rendered.map(\.image); depths = rendered.map(\.depth); poses = frames.map { all[$0] }
        }
    }

    static func rotationDegrees(_ a: RigidTransform, _ b: RigidTransform) -> Double {
        length((a.rotation * b.rotation.transposed).axisAngle) * 180 / .pi
    }

    /// Whether two poses agree to round-off.
    static func same(_ a: RigidTransform, _ b: RigidTransform) -> Bool {
        rotationDegrees(a, b) < 1e-6 && length(a.translation - b.translation) < 1e-9
    }

    /// `depth` multiplied by a smooth factor between 1 − amplitude and 1 + amplitude that
    /// varies across the image (a tilted, bent depth map, as a network gives).
    static func distorted(_ depth: DepthMap, amplitude: Float) -> DepthMap {
        var result = depth
        for y in 0..<depth.height {
            for x in 0..<depth.width {
                let u = Float(x) / Float(depth.width), v = Float(y) / Float(depth.height)
                result.depths[y * depth.width + x] *= 1 + amplitude * sin(3 * u + 2 * v - 1)
            }
        }
        return result
    }

    /// Relative motions of consecutive poses compared with the truth: the largest rotation error.
    static func worstStepRotation(_ poses: [RigidTransform], truth: [RigidTransform]) -> Double {
        (1..<poses.count).map {
            rotationDegrees(poses[$0 - 1].inverse * poses[$0], truth[$0 - 1].inverse * truth[$0])
        }.max()!
    }

    /// A window whose poses are each about half a degree and a centimetre or two off, with depth
    /// maps bent by ±15 %, comes back to within a third of a degree per step; the oldest frame
    /// (the gauge) does not move.
    @Test func perturbedPosesWithBentDepthsReturnTowardsTheTruth() {
        let walk = RenderedWalk(frames: [14, 16, 18, 20, 22, 24])
        var adjustment = PhotometricBundleAdjustment(intrinsics: walk.camera)
        adjustment.iterations = 10
        var started: [RigidTransform] = []
        for (index, pose) in walk.poses.enumerated() {
            let angle = index == 0 ? 0 : 0.006 * Double(index % 2 == 0 ? 1 : -1)
            let perturbed = index == 0 ? pose
                : pose * RigidTransform(rotation: Matrix3.rotation(axisAngle: [angle, -angle, 0.5 * angle]), translation: [0.01, -0.01, 0.01])
            started.append(perturbed)
            adjustment.append(image: walk.images[index], depth: Self.distorted(walk.depths[index], amplitude: 0.15), worldFromCamera: perturbed)
        }
        let before = Self.worstStepRotation(started, truth: walk.poses)
        let result = adjustment.optimize()
        let after = Self.worstStepRotation(adjustment.worldFromCameras, truth: walk.poses)
        #expect(before > 0.8)
        #expect(result.acceptedSteps > 0 && result.finalCost < 0.5 * result.initialCost, "\(result.initialCost) → \(result.finalCost)")
        #expect(after < 0.4, "worst step \(before)° → \(after)°")
        #expect(Self.same(adjustment.worldFromCameras[0], walk.poses[0]), "the oldest frame is the gauge")
        #expect(adjustment.pointCounts.allSatisfy { $0 > 20 }, "\(adjustment.pointCounts)")
    }

    /// A frame whose depth map is 25 % too far is singled out: the window's points settle on
    /// one scale (a compromise of the priors, the gauge being free), and ``depthScale(frame:)``
    /// asks that frame's map to shrink more than the others'.
    @Test func aFrameAtTheWrongScaleIsSingledOut() {
        let walk = RenderedWalk(frames: [14, 17, 20, 23])
        var adjustment = PhotometricBundleAdjustment(intrinsics: walk.camera)
        adjustment.iterations = 10
        for index in walk.poses.indices {
            var depth = walk.depths[index]
            if index == 2 { depth.depths = depth.depths.map { $0 * 1.25 } }
            adjustment.append(image: walk.images[index], depth: depth, worldFromCamera: walk.poses[index])
        }
        adjustment.optimize()
        let scales = (0..<4).map { adjustment.depthScale(frame: $0) }
        let others = [scales[0], scales[1], scales[3]]
        #expect(scales[2] < others.min()! - 0.04, "scales \(scales)")
        #expect(others.max()! - others.min()! < 0.08, "scales \(scales)")
    }

    /// Once a frame has left the window, the scale is carried: a new frame whose depth map is
    /// 30 % too far leaves the mean distance of the frames already adjusted from the oldest one
    /// as it was (with the depth priors alone it would pull the window's scale up), and its depth
    /// scale asks its map to shrink.
    @Test func theScaleIsCarriedOnceAFrameHasLeft() {
        let walk = RenderedWalk(frames: [14, 16, 18, 20, 22])
        var adjustment = PhotometricBundleAdjustment(intrinsics: walk.camera)
        for index in 0..<4 {
            adjustment.append(image: walk.images[index], depth: walk.depths[index], worldFromCamera: walk.poses[index])
            adjustment.optimize()
        }
        adjustment.removeOldest()
        func spread() -> Double {
            let centres = adjustment.worldFromCameras.map(\.translation)
            return (1..<3).map { length(centres[$0] - centres[0]) }.reduce(0, +) / 2
        }
        let carried = spread()
        var far = walk.depths[4]
        far.depths = far.depths.map { $0 * 1.3 }
        adjustment.append(image: walk.images[4], depth: far, worldFromCamera: walk.poses[4])
        let result = adjustment.optimize()
        #expect(result.acceptedSteps > 0)
        #expect(abs(spread() / carried - 1) < 1e-6, "spread \(carried) → \(spread())")
        #expect(adjustment.depthScale(frame: 3) < 0.95, "depth scale \(adjustment.depthScale(frame: 3))")
    }

    /// Of two candidate poses for a new frame, the one its brightness agrees with is kept,
    /// whichever order they come in.
    @Test func theCandidateThatAgreesWithTheWindowIsChosen() {
        let walk = RenderedWalk(frames: [14, 17, 20, 23])
        let wrong = walk.poses[3] * RigidTransform(rotation: Matrix3.rotation(axisAngle: [0, 0.06, 0]), translation: [0.05, 0, 0])
        for (candidates, expected) in [([wrong, walk.poses[3]], 1), ([walk.poses[3], wrong], 0)] {
            var adjustment = PhotometricBundleAdjustment(intrinsics: walk.camera)
            for index in 0..<3 {
                adjustment.append(image: walk.images[index], depth: walk.depths[index], worldFromCamera: walk.poses[index])
            }
            #expect(adjustment.append(image: walk.images[3], depth: walk.depths[3], candidates: candidates) == expected)
            #expect(Self.same(adjustment.worldFromCameras.last!, candidates[expected]))
        }
    }

    /// A textured frame hosts one point per square of the default grid (14 pixels at 256x192); a
    /// frame with little texture, fewer than ``PhotometricBundleAdjustment/minimumPoints`` on it,
    /// is selected again on the 12-pixel grid.
    @Test func lowTextureFramesGetTheFinerGrid() {
        let camera = Intrinsics.phone(width: 256, height: 192)
        var random = SplitMix64(seed: 3)
        let noise = Image(width: 256, height: 192, channels: 3,
                          pixels: (0..<(256 * 192)).flatMap { _ in Array(repeating: random.nextFloat(in: 0...1), count: 3) })
        let depth = DepthMap(width: 256, height: 192, depths: Array(repeating: 2, count: 256 * 192))
        let walk = RenderedWalk(frames: [14])
        func grid(_ side: Int) -> Int {
            let margin = BundleFrame.patternRadius + 1
            return ((256 - 2 * margin + side - 1) / side) * ((192 - 2 * margin + side - 1) / side)
        }
        var adjustment = PhotometricBundleAdjustment(intrinsics: camera)
        #expect(adjustment.blockSize == 14 && PhotometricBundleAdjustment.finestBlockSize == 12)
        adjustment.append(image: noise, depth: depth, worldFromCamera: .identity)
        adjustment.append(image: walk.images[0], depth: walk.depths[0], worldFromCamera: .identity)
        let lowTexture = BundleFrame(gray: walk.images[0].gray(), depth: walk.depths[0], cameraFromWorld: .identity,
                                     intrinsics: camera, blockSize: 12, minimumGradient: adjustment.minimumGradient)
        #expect(adjustment.pointCounts[0] == grid(14), "textured frame: \(adjustment.pointCounts[0]) points, grid \(grid(14))")
        #expect(lowTexture.pointCount < adjustment.minimumPoints && adjustment.pointCounts[1] == lowTexture.pointCount)
    }

    /// Frames without texture host no points: the adjustment leaves their poses alone, their
    /// depth scale is 1, and a candidate choice among them keeps the first.
    @Test func blankFramesLeaveEverythingAlone() {
        let camera = Intrinsics.phone(width: 64, height: 48)
        let blank = Image(width: 64, height: 48, channels: 3, repeating: 0.5)
        let depth = DepthMap(width: 64, height: 48, depths: Array(repeating: 2, count: 64 * 48))
        var adjustment = PhotometricBundleAdjustment(intrinsics: camera)
        let poses = (0..<3).map { RigidTransform(translation: [0.05 * Double($0), 0, 0]) }
        for pose in poses.prefix(2) { adjustment.append(image: blank, depth: depth, worldFromCamera: pose) }
        #expect(adjustment.append(image: blank, depth: depth, candidates: [poses[2], .identity]) == 0)
        let result = adjustment.optimize()
        #expect(adjustment.pointCounts == [0, 0, 0] && result.acceptedSteps == 0)
        #expect(zip(adjustment.worldFromCameras, poses).allSatisfy { Self.same($0, $1) })
        #expect(adjustment.depthScale(frame: 1) == 1)
    }

    /// The rotation error left on the newest frame of a two-frame window (the previous frame
    /// held) whose start was turned 1.5° about its vertical axis and stepped sideways so that
    /// the image centre barely moves (a small turn and a small step look alike from nearby),
    /// every earlier frame at its true pose.
    static func turnLeftAfterAdjustment(anchorDistances: [Int]) -> Double {
        let walk = RenderedWalk(frames: [14, 16, 18, 20, 22, 24])
        var adjustment = PhotometricBundleAdjustment(intrinsics: walk.camera)
        adjustment.windowSize = 2
        adjustment.iterations = 10
        adjustment.anchorDistances = anchorDistances
        for index in 0..<5 {
            adjustment.append(image: walk.images[index], depth: walk.depths[index], worldFromCamera: walk.poses[index])
            adjustment.optimize()
            if adjustment.count == adjustment.windowSize { adjustment.removeOldest() }
        }
        let angle = 1.5 * Double.pi / 180
        let medianDepth = DepthMetrics.median(walk.depths[5].depths.filter { $0 > 0 }.map(Double.init))
        let turned = walk.poses[5] * RigidTransform(rotation: Matrix3.rotation(axisAngle: [0, angle, 0]), translation: [-angle * medianDepth, 0, 0])
        adjustment.append(image: walk.images[5], depth: walk.depths[5], worldFromCamera: turned)
        adjustment.optimize()
        return rotationDegrees(adjustment.worldFromCameras.last!, walk.poses[5])
    }

    /// A frame that left the window, held as an anchor four frames back, gives the newest frame
    /// a longer baseline, which tells the turn from the step (2.2° left without it, 0.2° with it
    /// when written); one further back than the frames that left is not used yet.
    @Test func anAnchorTellsATurnFromAStep() {
        let free = Self.turnLeftAfterAdjustment(anchorDistances: [])
        let anchored = Self.turnLeftAfterAdjustment(anchorDistances: [3])
        #expect(free > 1.5 && anchored < 0.5, "rotation left \(free)° without the anchor, \(anchored)° with")
        #expect(Self.turnLeftAfterAdjustment(anchorDistances: [5]) == free)
    }

    /// With the points held by a very tight prior, the reduced gradient is the cost's gradient
    /// in a frame's pose: it points along the cost's central differences (which are twice it,
    /// as the cost sums squared residuals). Image gradients are central differences, not the
    /// bilinear interpolant's derivative, so the match is close, not exact.
    @Test func reducedGradientMatchesCentralDifferences() {
        let walk = RenderedWalk(frames: [16, 18, 20])
        var adjustment = PhotometricBundleAdjustment(intrinsics: walk.camera)
        adjustment.inverseDepthSigma = 1e-6
        let offPose = walk.poses[1] * RigidTransform(rotation: Matrix3.rotation(axisAngle: [0.003, -0.002, 0.001]), translation: [0.004, 0, -0.003])
        for (index, pose) in [walk.poses[0], offPose, walk.poses[2]].enumerated() {
            adjustment.append(image: walk.images[index], depth: walk.depths[index], worldFromCamera: pose)
        }
        func contributions(_ frames: [BundleFrame], linearize: Bool) -> [HostContribution] {
            frames.indices.map {
                PhotometricKernelSet.baseline.hostContribution($0, frames, walk.camera, adjustment.huberThreshold,
                                                               adjustment.brightnessSigma, adjustment.inverseDepthSigma, linearize)
            }
        }
        let linearised = contributions(adjustment.frames, linearize: true)
        let analytic = (6..<12).map { i in linearised.map { $0.reducedGradient[i] }.reduce(0, +) }
        let h = 1e-6
        let numeric = (0..<6).map { i -> Double in
            func cost(_ sign: Double) -> Double {
                var step = [Double](repeating: 0, count: 6)
                step[i] = sign * h
                var frames = adjustment.frames
                frames[1].cameraFromWorld = RigidTransform(rotation: Matrix3.rotation(axisAngle: [step[3], step[4], step[5]]),
                                                           translation: [step[0], step[1], step[2]]) * frames[1].cameraFromWorld
                return contributions(frames, linearize: false).map(\.cost).reduce(0, +)
            }
            return (cost(1) - cost(-1)) / (2 * h) / 2
        }
        let dot = zip(analytic, numeric).map { $0 * $1 }.reduce(0, +)
        let norms = sqrt(analytic.map { $0 * $0 }.reduce(0, +)) * sqrt(numeric.map { $0 * $0 }.reduce(0, +))
        #expect(dot / norms > 0.95, "analytic \(analytic), numeric \(numeric)")
        let ratio = sqrt(analytic.map { $0 * $0 }.reduce(0, +) / numeric.map { $0 * $0 }.reduce(0, +))
        #expect(ratio > 0.6 && ratio < 1.4, "length ratio \(ratio)")
    }

    /// The host contributions compiled for AVX2 are the baseline code's bit for bit (cost,
    /// reduced system, the points' columns, diagonals and gradients), for every host of a window
    /// with one pose off, linearised or not.
    @Test(.enabled(if: CPUFeatures.hasAVX2AndFMA, "needs a CPU with AVX2 and FMA"))
    func avx2ContributionsAreTheBaselinesBitForBit() {
        let walk = RenderedWalk(frames: [14, 16, 18, 20])
        var adjustment = PhotometricBundleAdjustment(intrinsics: walk.camera)
        let offPose = walk.poses[2] * RigidTransform(rotation: Matrix3.rotation(axisAngle: [0.002, 0.003, -0.001]), translation: [-0.003, 0.002, 0])
        for (index, pose) in [walk.poses[0], walk.poses[1], offPose, walk.poses[3]].enumerated() {
            adjustment.append(image: walk.images[index], depth: walk.depths[index], worldFromCamera: pose)
        }
        func bits(_ contribution: HostContribution) -> [UInt64] {
            [contribution.cost.bitPattern] + [contribution.reduced, contribution.reducedGradient, contribution.pointColumns,
                                              contribution.pointDiagonal, contribution.pointGradient].flatMap { $0.map(\.bitPattern) }
        }
        for host in adjustment.frames.indices {
            for linearize in [false, true] {
                let results = [PhotometricKernelSet.baseline, AVX2PhotometricKernels.kernels].map { kernels in
                    kernels.hostContribution(host, adjustment.frames, walk.camera, adjustment.huberThreshold,
                                             adjustment.brightnessSigma, adjustment.inverseDepthSigma, linearize)
                }
                let (baseline, avx2) = (results[0], results[1])
                #expect(baseline.cost > 0 && (!linearize || baseline.reduced.contains { $0 != 0 }))
                #expect(bits(baseline) == bits(avx2), "host \(host), linearised \(linearize): cost \(baseline.cost) vs \(avx2.cost)")
            }
        }
    }
}
