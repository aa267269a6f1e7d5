import ArgumentParser
import DepthModels
import Foundation
import Reconstruction
import Sequences

/// `packsfm reconstruct`: depth and ego-motion over a video, fused into one world point cloud.
struct ReconstructCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconstruct",
        abstract: "Reconstruct a room: depth and camera motion per frame, masks, and a fused point cloud.",
        discussion: """
        Writes the reconstruction folder of shared/DESIGN.md into --out as it goes: depth/, rgb/ \
        (the frames the network was given), error/ (minimum photometric error \
        of the previous and next selected frames warped into each frame; turbo colours from 0 to \
        0.3, white where no neighbour sees the pixel), mask/ (255 fused, 0 rejected: out of view, \
        occluded, inconsistent, flying pixel), then trajectory.txt, cloud.ply and, last, \
        report.json. A folder without report.json is incomplete. Ctrl-C stops after the current \
        frame and still writes trajectory, cloud and report of the frames done. --max-frames counts \
        the frames used (after --stride or --keyframes); --every thins the input before them. \
        The networks run at the model's resolution (256x192 for the shipped one); all outputs are \
        at the input's resolution, scaled down to at most --max-width pixels wide: the network's \
        depth is interpolated there in inverse depth and, with --refine, snapped to the image's \
        edges. With --depth-calibration, the depth network's scale is first calibrated to agree \
        with the pose network's motions on up to 8 frame pairs (report.json: run.depthScale), for \
        models whose depth and pose scales disagree. Each motion of the pose network is then \
        sharpened by direct image alignment of the frame, with its depth, onto the previous \
        --pose-window frames at once (report.json: run.poseRefinement), and the poses of the last \
        --bundle-window frames are refined together with the depths of sparse textured points in \
        them (photometric bundle adjustment; frames that already left the window, --bundle-anchors \
        before its oldest, are held in it for their longer baselines; each frame's depth map is \
        brought to the window's scale as it leaves; report.json: run.bundleAdjustment); --no-pose-refinement chains the \
        motions as predicted. Once a frame's pose is final, plane-sweep stereo refines its depth \
        map against up to two frames on each side, 5 % and an eighth of its median depth away \
        (--stereo-hypotheses factors between 0.7 and 1.4 of the depth, 7x7 ZNCC; textured \
        pixels with one clear winner take it, and the pixels around them take the corrections \
        they agree on; report.json: run.stereo). The bundle adjustment and \
        stereo need frames whose poses are refined: --no-pose-refinement turns both off. \
        Details: docs/reconstruction.md.

        Examples:
          packsfm render Scenes/living_room.json --out /tmp/living_room --frames 120
          packsfm reconstruct /tmp/living_room --out /tmp/living_room_recon
          packsfm reconstruct room.mp4 --out room_recon --keyframes --adapt 200
          packsfm reconstruct room.mp4 --out room_recon --keyframes --refine guided --max-width 480
          packsfm reconstruct /tmp/living_room --out /tmp/fusion_check --ground-truth
        """
    )

    @Argument(help: "A TUM RGB-D folder, a folder of PNG images or a video file.")
    var input: String

    @Option(help: "Output folder (must not exist or be empty).")
    var out: String

    @Option(help: "Model weights (.safetensors); default: the shipped model.")
    var weights: String?

    @Option(help: "Use every n-th frame.")
    var stride: Int?

    @Flag(help: "Select keyframes automatically: a frame is used when the pose network says the camera moved ≥ 5 cm or turned ≥ 5° since the last keyframe.")
    var keyframes = false

    @Option(name: .customLong("voxel-size"),
            help: "Voxel edge length in metres (default: a pixel's footprint 2 m away, 1 cm at least: 1 cm from 256 pixels wide up, 1.9 cm at 128; 0.02 holds about a third less in memory at 640x480, for long videos).")
    var voxelSize: Float?

    @Option(name: .customLong("min-observations"), help: "Distinct frames a voxel needs to enter the cloud.")
    var minimumObservations = ReconstructionSettings().minimumObservations

    @Option(help: "Multiply depths and translations by this known scale factor.")
    var scale: Double = 1

    @Option(help: ArgumentHelp("Fine-tune the networks self-supervised on the input for this many steps first, warping with the poses tracked by a first pass (test-time adaptation; about 1 s per step; 100 steps raised the evaluation scenes' mean F@5cm from 0.64 to 0.71 at 160 frames: docs/reconstruction.md).", valueName: "steps"))
    var adapt: Int?

    @Option(name: .customLong("max-width"), help: "Largest output width in pixels (outputs keep the input's aspect).")
    var maximumWidth = 640

    @Option(help: "Refine each depth map with its image as guide: none, guided (guided filter) or bilateral (joint bilateral filter).")
    var refine: DepthRefinementOption = .none

    @Flag(inversion: .prefixedNo, help: "Scale the depth network's output to agree with the pose network's motions first (for models whose depth and pose scales disagree; the shipped model's depth is metric).")
    var depthCalibration = false

    @Flag(name: .customLong("no-pose-refinement"), help: "Chain the pose network's motions as predicted instead of sharpening each by direct image alignment with the frame's depth.")
    var noPoseRefinement = false

    @Option(name: .customLong("pose-window"), help: ArgumentHelp("Align each frame against this many previous frames at once when refining poses (1: the previous frame only; more frames drift less but take longer).", valueName: "frames"))
    var poseWindow = ReconstructionSettings().poseRefinementWindow

    @Option(name: .customLong("bundle-window"), help: ArgumentHelp("Refine the poses of this many latest frames together, with the depths of sparse points in them, by photometric bundle adjustment (0: off; frames are fused as they leave the window).", valueName: "frames"))
    var bundleWindow = ReconstructionSettings().bundleAdjustmentWindow

    @Option(name: .customLong("bundle-anchors"), help: ArgumentHelp("Frames that left the bundle-adjustment window and are held in it again, as distances before its oldest frame, comma-separated (none: no anchors); their longer baselines keep the rotation and scale from drifting. (default: \(ReconstructionSettings().bundleAdjustmentAnchors.map(String.init).joined(separator: ",")))", valueName: "list"), transform: ReconstructCommand.anchorDistances)
    var bundleAnchors = ReconstructionSettings().bundleAdjustmentAnchors

    @Option(name: .customLong("stereo-hypotheses"), help: ArgumentHelp("Refine each depth map by plane-sweep stereo against nearby frames, trying this many depths per pixel (0: off; needs pose refinement).", valueName: "count"))
    var stereoHypotheses = ReconstructionSettings().stereoHypotheses

    @Flag(name: .customLong("ground-truth"), help: "Use the sequence's ground-truth depth (resized, nearest, to the output resolution) and poses instead of the networks: measures fusion alone.")
    var groundTruth = false

    @OptionGroup var inputOptions: InputOptions

    /// `--bundle-anchors`: "none" or comma-separated positive frame counts, e.g. "8,16".
    static func anchorDistances(_ text: String) throws -> [Int] {
        if text == "none" { return [] }
        let distances = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !distances.isEmpty, distances.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--bundle-anchors takes 'none' or positive frame counts separated by commas, e.g. 8,16; got '\(text)'")
        }
        return distances.map { $0! }
    }

    func validate() throws {
        if let stride, stride < 1 { throw ValidationError("--stride must be at least 1; got \(stride)") }
        if stride != nil && keyframes { throw ValidationError("give either --stride or --keyframes, not both") }
        if let voxelSize, !(voxelSize > 0) { throw ValidationError("--voxel-size must be positive; got \(voxelSize)") }
        guard minimumObservations >= 1 else { throw ValidationError("--min-observations must be at least 1; got \(minimumObservations)") }
        guard scale > 0 else { throw ValidationError("--scale must be positive; got \(scale)") }
        guard maximumWidth >= 16 else { throw ValidationError("--max-width must be at least 16 pixels; got \(maximumWidth)") }
        if groundTruth && refine != .none { throw ValidationError("--refine refines network depth: drop it with --ground-truth") }
        guard poseWindow >= 1 else { throw ValidationError("--pose-window must be at least 1 frame; got \(poseWindow)") }
        guard bundleWindow == 0 || bundleWindow >= 2 else {
            throw ValidationError("--bundle-window must be 0 (off) or at least 2 frames; got \(bundleWindow)")
        }
        guard stereoHypotheses == 0 || stereoHypotheses >= 2 else {
            throw ValidationError("--stereo-hypotheses must be 0 (off) or at least 2; got \(stereoHypotheses)")
        }
        if let adapt, adapt < 1 { throw ValidationError("--adapt must be at least 1 step; got \(adapt)") }
        if groundTruth && (adapt != nil || weights != nil) { throw ValidationError("--ground-truth uses no network: drop --adapt and --weights") }
    }

    func run() throws {
        var readerOptions = try inputOptions.readerOptions()
        // --max-frames counts selected frames (keyframes included), so the reader keeps them all.
        readerOptions.maximumFrames = nil
        let sequence = try SequenceReader.open(URL(fileURLWithPath: input), options: readerOptions)
        var settings = ReconstructionSettings()
        settings.selection = keyframes ? .defaultKeyframes : .stride(stride ?? 1)
        settings.maximumFrames = inputOptions.maximumFrames
        settings.voxelSize = voxelSize
        settings.minimumObservations = minimumObservations
        settings.scale = scale
        settings.maximumWidth = maximumWidth
        settings.refinement = refine
        settings.calibratesDepthScale = depthCalibration
        settings.refinesPoses = !noPoseRefinement
        settings.poseRefinementWindow = poseWindow
        settings.bundleAdjustmentWindow = bundleWindow
        settings.bundleAdjustmentAnchors = bundleAnchors
        settings.stereoHypotheses = stereoHypotheses
        let folder = ReconstructionFolder(root: URL(fileURLWithPath: out))
        let interruption = Interruption()
        let model = groundTruth ? nil : try PackNetModel.load(weights: weights)
        let source: DepthSource = model.map { .network($0) } ?? .groundTruth
        let run = ReconstructionRun(sequence: sequence, inputDescription: input, weights: weights, source: source,
                                    settings: settings, folder: folder)
        try run.prepare()
        var adaptation: RunSummary.Adaptation?
        if let model, let adapt {
            adaptation = try adaptModel(model, sequence: sequence, steps: adapt, settings: settings, interruption: interruption)
        }
        let bar = ProgressBar("reconstruct", total: Array(settings.selection.candidateIndices(count: sequence.frames.count)).count,
                              unit: "frames")
        let report = try run.run(adaptation: adaptation, shouldStop: { interruption.isRequested }) { done, _, selected in
            bar.update(done, detail: "\(selected) used")
        }
        let seconds = report.timings.reduce(0) { $0 + $1.seconds }
        print("\(report.run?.interrupted == true ? "interrupted: " : "")reconstructed \(report.inputs.frameCount) frames "
              + "into \(report.cloud.pointCount) points in \(String(format: "%.1f", seconds)) s: \(out)")
        if let depthScale = report.run?.depthScale { print(String(format: "depth scale calibrated to the motions: × %.3f", depthScale)) }
        print(report.timings.map { "\($0.stage) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", "))
    }

    /// Fine-tunes `model` on the frames the selection would use (every frame for keyframes).
    private func adaptModel(_ model: PackNetModel, sequence: FrameSequence, steps: Int, settings: ReconstructionSettings,
                            interruption: Interruption) throws -> RunSummary.Adaptation {
        var frames = sequence
        let step = stride ?? 1
        frames.frames = Swift.stride(from: 0, to: sequence.frames.count, by: step).map { sequence.frames[$0] }
        if let maximum = settings.maximumFrames, !keyframes { frames.frames = Array(frames.frames.prefix(maximum)) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-adapt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bar = ProgressBar("adapt", total: steps, unit: "steps")
        let result = try TestTimeAdaptation.adapt(model: model, sequence: frames, steps: steps, scratchFolder: scratch,
                                                  shouldStop: { interruption.isRequested }) { report in
            bar.update(report.step, detail: String(format: "photometric %.4f", report.photometric))
        }
        print(String(format: "adaptation: %d steps in %.1f s, photometric error %.4f → %.4f (%+.1f %%)", result.steps, result.seconds,
                     result.photometricBefore, result.photometricAfter,
                     100 * (result.photometricAfter - result.photometricBefore) / max(1e-12, result.photometricBefore)))
        return result
    }
}
