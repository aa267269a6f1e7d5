import DepthModels
import Foundation
import Geometry
import Imaging
import Parallelism
import Sequences
import Tensors

/// Where a reconstruction's depth and poses come from.
public enum DepthSource {
    /// The depth and pose networks of a model (depth per frame, T_previous←current per pair),
    /// run at the model's resolution; depth is mapped back to the output resolution.
    case network(PackNetModel)
    /// The sequence's ground-truth depth (resized, nearest, to the output resolution) and
    /// relative ground-truth poses: measures fusion and masking alone.
    case groundTruth
}

/// The settings of `packsfm reconstruct`.
public struct ReconstructionSettings: Sendable {
    /// Which frames are used.
    public var selection: FrameSelection = .stride(1)
    /// At most this many selected frames (the first ones); `nil` for all.
    public var maximumFrames: Int?
    /// Voxel edge length, metres; `nil` for ``automaticVoxelSize(for:)`` of the output camera.
    public var voxelSize: Float?
    /// Distinct frames a voxel needs to enter the cloud.
    public var minimumObservations = 3
    /// Factor applied to depths and translations (a user-known scale).
    public var scale: Double = 1
    /// Outputs (depth, error, mask, rgb, fusion) are at the input's resolution, scaled down to
    /// at most this width (aspect kept).
    public var maximumWidth = 640
    /// Image-guided refinement of the network's depth at the output resolution.
    public var refinement: DepthRefinementOption = .none
    /// Whether the network's depth is first scaled to agree with its pose estimates
    /// (``DepthScaleCalibration``): for models whose depth and pose scales disagree (the
    /// shipped model's depth is metric, and pose refinement makes the translations follow it).
    public var calibratesDepthScale = false
    /// Whether each network motion is sharpened by direct image alignment with the frame's
    /// depth (``PoseRefinement``) before it is chained.
    public var refinesPoses = true
    /// How many of the previous selected frames each new frame is aligned against at once when
    /// poses are refined (1: the previous frame only).
    public var poseRefinementWindow = 5
    /// Frames whose poses are refined together, with sparse point depths, by photometric bundle
    /// adjustment (``PhotometricBundleAdjustment``) after each frame's alignment; a frame is
    /// fused once it leaves this window. Below 2: no bundle adjustment. Needs `refinesPoses`.
    public var bundleAdjustmentWindow = 12
    /// Frames that already left the bundle-adjustment window and take part in it again with
    /// their poses held, each given by how many frames before the window's oldest it left
    /// (``PhotometricBundleAdjustment/anchorDistances``): their longer baselines hold the
    /// window's rotation and scale. Empty: none.
    public var bundleAdjustmentAnchors = [8, 16]
    /// Depth hypotheses per pixel of the plane-sweep stereo (``PlaneSweepStereo``) that refines
    /// each network depth map against nearby frames once their poses are final. Below 2: no
    /// stereo. Needs `refinesPoses`.
    public var stereoHypotheses = 16

    /// The defaults.
    public init() {}
}

/// Reconstructs a sequence into a reconstruction folder (shared/DESIGN.md), streaming: each
/// selected frame is loaded, its depth and its pose relative to the previous selected frame are
/// estimated (and, with bundle adjustment, refined with the last few frames' poses), and once
/// its pose is final (it left the bundle-adjustment window) and the frames after it that stereo
/// matches it against are final too, its depth is refined by plane-sweep stereo, its error map
/// is computed and its depth, colour and error written; the fusion pipeline then masks and fuses
/// it and its mask is written. Only the frames within reach of those windows are held in memory.
///
/// The networks run at the model's resolution; everything written and fused is at the output
/// resolution (the input's, at most ``ReconstructionSettings/maximumWidth`` wide), where the
/// network depth is brought by bilinear interpolation of inverse depth and, optionally, refined
/// with the frame as guide.
///
/// The folder is complete when `report.json` exists: it is written last, after `trajectory.txt`
/// and `cloud.ply`, also when the run is stopped early (`run.interrupted` is then `true`). A run
/// that fails on bad input leaves no `report.json`.
public struct ReconstructionRun {
    /// A processed frame still needed as a neighbour.
    private struct Selected {
        var timestamp: Double
        var image: Image
        /// The image's brightness (for stereo).
        var gray: [Float]
        /// The image as a [1, 3, H, W] tensor at the output resolution.
        var tensor: Tensor
        var depth: DepthMap
        /// The median of `depth`'s valid values, 0 when it has none (for stereo's baselines).
        var medianDepth: Double
        var worldFromCamera: RigidTransform

        /// The frame as stereo sees it.
        var stereoView: PlaneSweepStereo.View { PlaneSweepStereo.View(gray: gray, worldFromCamera: worldFromCamera) }
    }

    /// The input.
    public let sequence: FrameSequence
    /// The input as the user gave it (for the report).
    public let inputDescription: String
    /// The weights file, `nil` for the shipped model (for the report).
    public let weights: String?
    /// Depth and pose estimation.
    public let source: DepthSource
    /// The settings.
    public let settings: ReconstructionSettings
    /// The output folder.
    public let folder: ReconstructionFolder
    /// The camera at the output resolution.
    public let intrinsics: Intrinsics

    private let checker: ConsistencyChecker
    /// The voxel edge length fusion uses: the settings', or the automatic one.
    private let voxelSize: Float
    private let neighbourOffsets = [-2, -1, 1, 2]

    /// A run of `sequence` into `folder`.
    public init(sequence: FrameSequence, inputDescription: String, weights: String?, source: DepthSource,
                settings: ReconstructionSettings, folder: ReconstructionFolder) {
        self.sequence = sequence; self.inputDescription = inputDescription; self.weights = weights
        self.source = source; self.settings = settings; self.folder = folder
        let input = sequence.intrinsics
        let width = min(input.width, max(1, settings.maximumWidth))
        let height = max(1, Int((Double(input.height) * Double(width) / Double(input.width)).rounded()))
        intrinsics = input.rescaled(width: width, height: height)
        checker = ConsistencyChecker(intrinsics: intrinsics)
        voxelSize = settings.voxelSize ?? Self.automaticVoxelSize(for: intrinsics)
    }

    /// The default voxel edge length for frames of `camera`: the footprint of a pixel 2 m away
    /// (2 m / fx), 1 cm at least. A voxel enters the cloud when ``ReconstructionSettings/minimumObservations``
    /// frames put a point in it, so its size is also the tolerance of that multi-view check: at
    /// about a pixel's footprint, those frames must agree on the surface to within a pixel
    /// (evaluation scenes at 256x192, mean F@5cm 0.599 against 0.526 with 2 cm voxels;
    /// docs/reconstruction.md). Smaller voxels than a pixel's footprint would rarely be hit
    /// by the same frames; the footprint falls below 1 cm for frames wider than about 245 pixels
    /// at the phone camera's field of view (fx = 200), where the floor holds the voxel table in
    /// check (at 640x480, 1 cm voxels already take 1.44 GB for 60 frames against 0.92 GB at 2 cm).
    public static func automaticVoxelSize(for camera: Intrinsics) -> Float {
        max(0.01, Float(2 / camera.fx))
    }

    /// Checks that the output folder is new or empty and the input has at least two frames, and
    /// creates the folder with its `depth/`, `error/`, `mask/` and `rgb/` subfolders.
    public func prepare() throws {
        let manager = FileManager.default
        if let contents = try? manager.contentsOfDirectory(atPath: folder.root.path), !contents.isEmpty {
            throw ReconstructionError.outputNotEmpty(path: folder.root.path)
        }
        guard sequence.frames.count >= 2 else {
            throw ReconstructionError.tooFewFrames(sequence: sequence.name, count: sequence.frames.count)
        }
        for sub in ["depth", "error", "mask", "rgb"] {
            let url = folder.root.appendingPathComponent(sub)
            do { try manager.createDirectory(at: url, withIntermediateDirectories: true) } catch {
                throw ReconstructionError.cannotCreate(path: url.path, reason: error.localizedDescription)
            }
        }
    }

    /// Runs the reconstruction (after ``prepare()``), polling `shouldStop` between frames and
    /// calling `progress(candidatesDone, candidateCount, selectedCount)`; returns the report it
    /// wrote.
    public func run(adaptation: RunSummary.Adaptation? = nil, shouldStop: () -> Bool = { false },
                    progress: (Int, Int, Int) -> Void = { _, _, _ in }) throws -> ReconstructionReport {
        let candidates = Array(settings.selection.candidateIndices(count: sequence.frames.count))
        var clock = StageClock()
        var pipeline = FusionPipeline(checker: checker, voxelSize: voxelSize, neighbourOffsets: neighbourOffsets)
        let tracksPoses = settings.refinesPoses && !isGroundTruth
        var tracker = PoseTracker(intrinsics: intrinsics, alignmentWindow: tracksPoses ? settings.poseRefinementWindow : 0,
                                  bundleWindow: tracksPoses ? settings.bundleAdjustmentWindow : 0,
                                  bundleAnchors: settings.bundleAdjustmentAnchors)
        // Selected frames not yet fused, oldest first: those whose poses are not final yet, and
        // the newest (its error map needs the next frame).
        var pending: [Selected] = []
        var lastFused: Selected?
        let stereo = tracksPoses && settings.stereoHypotheses >= 2 ? stereoSweep() : nil
        var stereoSummary = RunSummary.Stereo(hypotheses: settings.stereoHypotheses)
        // Fused frames stereo may still match later frames against, oldest first.
        var fusedViews: [PlaneSweepStereo.View] = []
        var lastKeyframe: (input: Tensor?, groundTruth: RigidTransform?)?
        var trajectory: [TimedPose] = []
        var statistics: [ReconstructionReport.FrameStatistics] = []
        var outOfView: [Double: Int] = [:]
        var interrupted = false
        var selectedCount = 0
        let depthScale = try clock.time("scale calibration") { try calibratedDepthScale(candidates: candidates) }

        func record(_ processed: [FusionPipeline.ProcessedFrame]) throws {
            for frame in processed {
                let mask = Image(width: frame.mask.width, height: frame.mask.height, channels: 1,
                                 pixels: frame.mask.keptBytes.map { Float($0) / 255 })
                try clock.time("write") { try PNG.write(mask, to: folder.mask(timestamp: frame.timestamp)) }
                var frameStatistics = frame.statistics
                frameStatistics.outOfView = outOfView.removeValue(forKey: frame.timestamp)
                statistics.append(frameStatistics)
            }
        }

        func finalize(_ frame: Selected, neighbours: [Selected]) throws {
            let errorMap = clock.time("error maps") {
                ErrorMap(image: frame.tensor, depth: frame.depth,
                         neighbours: neighbours.map { ($0.tensor, PoseChain.sourceFromTarget(source: $0.worldFromCamera, target: frame.worldFromCamera)) },
                         intrinsics: intrinsics)
            }
            try clock.time("write") {
                try Parallel.run([
                    { try PNG.writeDepth(frame.depth, to: folder.depth(timestamp: frame.timestamp)) },
                    { try PNG.write(frame.image, to: folder.rgb(timestamp: frame.timestamp)) },
                    { try PNG.write(errorMap.colored(), to: folder.error(timestamp: frame.timestamp)) },
                ])
            }
            outOfView[frame.timestamp] = errorMap.outOfViewCount
            trajectory.append(TimedPose(timestamp: frame.timestamp, worldFromCamera: frame.worldFromCamera))
            let fused = FusionFrame(depth: errorMap.maskingOutOfView(frame.depth), color: frame.image,
                                    worldFromCamera: frame.worldFromCamera, errors: errorMap.errors)
            try record(clock.time("fusion") { pipeline.add(fused, timestamp: frame.timestamp) })
        }

        /// Whether the oldest pending frame can be fused: its pose is final, the next frame is
        /// known, and (with stereo) the final frames after it reach far enough.
        func oldestIsReady(finishing: Bool) -> Bool {
            let settled = pending.count - tracker.unsettledPoses.count
            guard settled >= 1, pending.count >= 2 || finishing else { return false }
            guard stereo != nil, !finishing else { return true }
            return StereoNeighbourhood.laterSideIsComplete(reference: pending[0].worldFromCamera.translation,
                                                           later: pending[1..<settled].map(\.worldFromCamera.translation),
                                                           medianDepth: pending[0].medianDepth)
        }

        /// The oldest pending frame's depth refined by stereo against the fused frames before it
        /// and the final frames after it.
        func stereoDepth(_ sweep: PlaneSweepStereo) -> DepthMap {
            let frame = pending[0]
            let later = pending[1..<(pending.count - tracker.unsettledPoses.count)]
            let centres = fusedViews.map(\.worldFromCamera.translation) + [frame.worldFromCamera.translation]
                + later.map(\.worldFromCamera.translation)
            let chosen = StereoNeighbourhood.sources(centres: centres, reference: fusedViews.count, medianDepth: frame.medianDepth)
            let sources = chosen.map { $0 < fusedViews.count ? fusedViews[$0] : later[later.startIndex + $0 - fusedViews.count - 1].stereoView }
            let result = sweep.refine(depth: frame.depth, reference: frame.stereoView, sources: sources)
            stereoSummary.record(result, sources: sources.count, pixelsWithDepth: frame.depth.depths.count { $0 > 0 })
            return result.depth
        }

        /// Fuses the oldest pending frame (its pose is final) with its neighbours.
        func fuseOldestPending() throws {
            if let stereo { pending[0].depth = clock.time("stereo") { stereoDepth(stereo) } }
            let frame = pending.removeFirst()
            try finalize(frame, neighbours: [lastFused, pending.first].compactMap { $0 })
            lastFused = frame
            if stereo != nil {
                fusedViews.append(frame.stereoView)
                if fusedViews.count > StereoNeighbourhood.maximumOffset { fusedViews.removeFirst() }
            }
        }

        /// Takes the tracker's verdict on the newest frame: the poses still moving, and those of
        /// the frames that became final, whose depth maps are brought to their window's scale.
        func updatePoses(settled: [PoseTracker.Settled]) {
            let moving = tracker.unsettledPoses
            for (offset, pose) in moving.reversed().enumerated() { pending[pending.count - 1 - offset].worldFromCamera = pose }
            let firstSettled = pending.count - moving.count - settled.count
            for (offset, frame) in settled.enumerated() {
                pending[firstSettled + offset].worldFromCamera = frame.worldFromCamera
                let factor = Float(frame.depthScale)
                if factor != 1 {
                    pending[firstSettled + offset].depth.depths = pending[firstSettled + offset].depth.depths.map { $0 * factor }
                    pending[firstSettled + offset].medianDepth *= frame.depthScale
                }
            }
        }

        for (done, index) in candidates.enumerated() {
            if shouldStop() { interrupted = true; break }
            if let maximum = settings.maximumFrames, selectedCount >= maximum { break }
            let loaded = try clock.time("load") { try sequence.loadImage(index) }
            let image = clock.time("load") { loaded.rgbResized(width: intrinsics.width, height: intrinsics.height) }
            let input = clock.time("load") { networkInput(image) }
            let groundTruthPose = try groundTruthPoseIfNeeded(index)
            var motion = RigidTransform.identity
            if let lastKeyframe {
                motion = clock.time("pose") { relativeMotion(input: input, groundTruth: groundTruthPose, from: lastKeyframe) }
                guard settings.selection.isKeyframe(motion: motion) else {
                    progress(done + 1, candidates.count, selectedCount)
                    continue
                }
            }
            let depth = try clock.time("depth") {
                try estimateDepth(index: index, input: input, image: image, networkScale: depthScale ?? 1)
            }
            lastKeyframe = (input, groundTruthPose)
            selectedCount += 1
            let validDepths = depth.depths.filter { $0 > 0 }
            pending.append(Selected(timestamp: sequence.frames[index].timestamp, image: image, gray: image.gray().pixels,
                                    tensor: Tensor(images: [image]),
                                    depth: depth, medianDepth: validDepths.isEmpty ? 0 : DepthMetrics.median(validDepths),
                                    worldFromCamera: .identity))
            updatePoses(settled: tracker.add(image: image, depth: depth, networkMotion: PoseChain.scaled(motion, by: settings.scale)))
            while oldestIsReady(finishing: false) { try fuseOldestPending() }
            progress(done + 1, candidates.count, selectedCount)
        }
        updatePoses(settled: tracker.finish())
        while !pending.isEmpty && oldestIsReady(finishing: true) { try fuseOldestPending() }
        clock.add("pose refinement", seconds: tracker.alignmentSeconds)
        clock.add("bundle adjustment", seconds: tracker.bundleAdjustmentSeconds)
        try record(clock.time("fusion") { pipeline.finish() })

        let cloud = clock.time("fusion") { pipeline.fusion.cloud(minimumObservations: settings.minimumObservations) }
        try clock.time("write") {
            try TUMTrajectory.write(trajectory, to: folder.trajectory)
            try PLY.write(cloud, to: folder.cloud)
        }
        let report = ReconstructionReport(
            inputs: .init(source: inputDescription, weights: weights, frameCount: trajectory.count),
            settings: .init(checker: checker, voxelSize: voxelSize, minimumObservations: settings.minimumObservations,
                            neighbourOffsets: neighbourOffsets),
            intrinsics: intrinsics, timings: clock.timings, frames: statistics,
            cloud: .init(pointCount: cloud.count, voxelCount: pipeline.fusion.voxelCount, fusedPixelCount: pipeline.fusion.fusedPixelCount),
            run: RunSummary(depthSource: isGroundTruth ? "ground truth" : "network", frameSelection: settings.selection.description,
                            scale: settings.scale, errorMapRange: [ErrorMap.colorRange.lowerBound, ErrorMap.colorRange.upperBound],
                            inputIntrinsics: sequence.intrinsics, networkResolution: networkResolution,
                            refinement: settings.refinement == .none || isGroundTruth ? nil : settings.refinement.rawValue,
                            depthScale: depthScale, poseRefinement: tracker.alignmentSummary.pairs > 0 ? tracker.alignmentSummary : nil,
                            bundleAdjustment: tracker.bundleSummary.frames > 0 ? tracker.bundleSummary : nil,
                            stereo: stereoSummary.frames > 0 ? stereoSummary : nil,
                            adaptation: adaptation, interrupted: interrupted))
        try report.write(to: folder.report)
        return report
    }

    /// The plane sweep at the output resolution with the settings' hypothesis count.
    private func stereoSweep() -> PlaneSweepStereo {
        var sweep = PlaneSweepStereo(intrinsics: intrinsics)
        sweep.hypothesisCount = settings.stereoHypotheses
        return sweep
    }

    private var isGroundTruth: Bool {
        if case .groundTruth = source { return true }
        return false
    }

    /// The factor that makes the network's depth agree with its motion estimates
    /// (``DepthScaleCalibration``), or `nil` when not calibrated (ground truth, or switched off).
    /// Up to 8 target frames spread over the candidates, each paired with the first later
    /// candidate that the pose network puts at least 5 cm away (or the 30th, when none is).
    private func calibratedDepthScale(candidates: [Int]) throws -> Double? {
        guard settings.calibratesDepthScale, case .network(let model) = source, let size = networkResolution,
              candidates.count >= 2 else { return nil }
        let predictor = DepthPredictor(model: model)
        func load(_ index: Int) throws -> Tensor {
            Tensor(images: [try sequence.loadImage(candidates[index]).rgbResized(width: size[0], height: size[1])])
        }
        let targetCount = min(8, candidates.count - 1)
        var pairs: [DepthScaleCalibration.Pair] = []
        for k in 0..<targetCount {
            let position = k * (candidates.count - 1) / targetCount
            let target = try load(position)
            let last = min(candidates.count - 1, position + 30)
            for next in (position + 1)...last {
                let source = try load(next)
                let motion = predictor.motion(target: target, source: source)
                if length(motion.translation) >= 0.05 || next == last {
                    pairs.append(.init(image: target, depth: predictor.depth(target).depthMap(at: 0), source: source,
                                       sourceFromTarget: motion))
                    break
                }
            }
        }
        return DepthScaleCalibration.scale(pairs: pairs, intrinsics: sequence.intrinsics.rescaled(width: size[0], height: size[1]))
    }

    /// The networks' input size `[width, height]`, `nil` for ground truth.
    private var networkResolution: [Int]? {
        guard case .network(let model) = source else { return nil }
        return [model.configuration.inputWidth, model.configuration.inputHeight]
    }

    /// The network input [1, 3, h, w] of an output-resolution frame, `nil` for ground truth.
    private func networkInput(_ image: Image) -> Tensor? {
        guard let size = networkResolution else { return nil }
        return Tensor(images: [image.rgbResized(width: size[0], height: size[1])])
    }

    private func groundTruthPoseIfNeeded(_ index: Int) throws -> RigidTransform? {
        guard isGroundTruth else { return nil }
        guard let pose = sequence.frames[index].worldFromCamera else {
            throw ReconstructionError.missingGroundTruth(image: sequence.frames[index].image.path, what: "pose")
        }
        return pose
    }

    /// T_keyframe←current from the pose network or the ground truth.
    private func relativeMotion(input: Tensor?, groundTruth: RigidTransform?,
                                from keyframe: (input: Tensor?, groundTruth: RigidTransform?)) -> RigidTransform {
        switch source {
        case .network(let model):
            return DepthPredictor(model: model).motion(target: input!, source: keyframe.input!)
        case .groundTruth:
            return PoseChain.sourceFromTarget(source: keyframe.groundTruth!, target: groundTruth!)
        }
    }

    /// Depth in metres (times the scale) at the output resolution: the network's, times
    /// `networkScale`, upsampled in inverse depth and refined as the settings say, or the ground
    /// truth.
    private func estimateDepth(index: Int, input: Tensor?, image: Image, networkScale: Double) throws -> DepthMap {
        var depth: DepthMap
        switch source {
        case .network(let model):
            var network = DepthPredictor(model: model).depth(input!).depthMap(at: 0)
            network.depths = network.depths.map { $0 * Float(networkScale) }
            depth = settings.refinement.refine(network.upsampledInInverseDepth(width: image.width, height: image.height), guide: image)
        case .groundTruth:
            guard let truth = try sequence.loadDepth(index) else {
                throw ReconstructionError.missingGroundTruth(image: sequence.frames[index].image.path, what: "depth")
            }
            depth = truth.resized(width: intrinsics.width, height: intrinsics.height)
        }
        if settings.scale != 1 {
            let scale = Float(settings.scale)
            depth.depths = depth.depths.map { $0 * scale }
        }
        return depth
    }
}

/// Wall-clock seconds per stage, in the order stages first ran.
struct StageClock {
    private var order: [String] = []
    private var seconds: [String: Double] = [:]

    /// Runs `body` and adds its duration to `stage`.
    mutating func time<Result>(_ stage: String, _ body: () throws -> Result) rethrows -> Result {
        let started = Date()
        let result = try body()
        accumulate(stage, Date().timeIntervalSince(started))
        return result
    }

    /// Adds `seconds` measured elsewhere to `stage` (nothing when 0).
    mutating func add(_ stage: String, seconds: Double) {
        if seconds > 0 { accumulate(stage, seconds) }
    }

    private mutating func accumulate(_ stage: String, _ duration: Double) {
        if seconds[stage] == nil { order.append(stage) }
        seconds[stage, default: 0] += duration
    }

    /// The timings for the report.
    var timings: [ReconstructionReport.Timing] { order.map { .init(stage: $0, seconds: seconds[$0]!) } }
}
