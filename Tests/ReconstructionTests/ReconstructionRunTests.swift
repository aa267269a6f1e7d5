import DepthModels
import Foundation
import Geometry
import Imaging
import Reconstruction
import Sequences
import Tensors
import Testing

/// A tiny rendering of Scenes/living_room.json (ground-truth depth and poses), made once.
enum RenderedLivingRoom {
    static let folder: URL = {
        let scenes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenes")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reconstruction-tests-\(UUID().uuidString)")
        let scene = try! Scene.load(scenes.appendingPathComponent("living_room.json"))
        try! renderSequence(scene: scene, frames: 8, width: 128, height: 96, to: folder, supersampling: 1)
        return folder
    }()

    static func sequence() throws -> FrameSequence { try SequenceReader.open(folder) }
}

@Suite struct ReconstructionRunTests {
    func scratch() -> ReconstructionFolder {
        ReconstructionFolder(root: FileManager.default.temporaryDirectory.appendingPathComponent("reconstruction-run-\(UUID().uuidString)"))
    }

    @Test func chainedGroundTruthMotionsReproduceTheTrajectory() throws {
        let truth = try RenderedLivingRoom.sequence().frames.map { $0.worldFromCamera! }
        var chain = PoseChain(start: truth[0])
        for (previous, current) in zip(truth, truth.dropFirst()) {
            let chained = chain.append(previousFromCurrent: PoseChain.sourceFromTarget(source: previous, target: current))
            #expect(distance(chained.translation, current.translation) < 1e-9)
            #expect(length((chained.rotation.transposed * current.rotation).axisAngle) < 1e-9)
        }
    }

    /// The convention the pose network is trained with: warping the previous frame into the
    /// current one with T_previous←current explains the image, the inverse motion does not.
    @Test func sourceFromTargetIsTheMotionThatWarpsTheNeighbourIntoTheFrame() throws {
        let sequence = try RenderedLivingRoom.sequence()
        let current = 4, previous = 3
        let intrinsics = sequence.intrinsics
        let images = try [previous, current].map { Tensor(images: [try sequence.loadImage($0)]) }
        let depth = try sequence.loadDepth(current)!
        let motion = PoseChain.sourceFromTarget(source: sequence.frames[previous].worldFromCamera!,
                                                target: sequence.frames[current].worldFromCamera!)
        #expect(length(motion.translation) > 0.01)
        let right = ErrorMap(image: images[1], depth: depth, neighbours: [(images[0], motion)], intrinsics: intrinsics)
        let wrong = ErrorMap(image: images[1], depth: depth, neighbours: [(images[0], motion.inverse)], intrinsics: intrinsics)
        #expect(right.meanError! < 0.5 * wrong.meanError!)
        #expect(right.meanError! < 0.06)
    }

    /// The automatic voxel is a pixel's footprint 2 m away, 1 cm at least; the report records
    /// the size the run used.
    @Test func automaticVoxelSizeFollowsThePixelFootprint() {
        let footprints = [128, 256, 640].map { ReconstructionRun.automaticVoxelSize(for: .phone(width: $0, height: $0 * 3 / 4)) }
        #expect(abs(footprints[0] - Float(2 / Intrinsics.phone(width: 128, height: 96).fx)) < 1e-7 && footprints[0] > 0.018)
        #expect(footprints[1] == 0.01 && footprints[2] == 0.01)
    }

    @Test func groundTruthRunReproducesTheSceneAndTrajectory() throws {
        let sequence = try RenderedLivingRoom.sequence()
        let folder = scratch()
        let run = ReconstructionRun(sequence: sequence, inputDescription: "living room", weights: nil,
                                    source: .groundTruth, settings: ReconstructionSettings(), folder: folder)
        try run.prepare()
        let report = try run.run()
        #expect(report.inputs.frameCount == 8 && report.frames.count == 8)
        #expect(report.run?.interrupted == false && report.run?.depthSource == "ground truth")
        let trajectory = try TUMTrajectory.read(folder.trajectory)
        let first = sequence.frames[0].worldFromCamera!
        for (pose, frame) in zip(trajectory, sequence.frames) {
            let expected = first.inverse * frame.worldFromCamera!
            #expect(distance(pose.worldFromCamera.translation, expected.translation) < 1e-6)
        }
        let evaluation = try ReconstructionEvaluation.evaluate(folder: folder, groundTruth: sequence)
        #expect(evaluation.depth.allSatisfy { $0.errors.absRel < 1e-3 })
        #expect(evaluation.trajectory.ateRMSE < 1e-4)
        #expect(evaluation.cloud.scores[0].fScore > 0.95)
        #expect(report.settings.voxelSize == ReconstructionRun.automaticVoxelSize(for: report.intrinsics))
    }

    @Test func networkRunWritesEveryFileAtTheInputResolution() throws {
        let sequence = try RenderedLivingRoom.sequence()
        let model = try PackNetModel.shipped()
        let folder = scratch()
        var settings = ReconstructionSettings()
        settings.selection = .stride(2)
        settings.scale = 2
        settings.maximumWidth = 64                        // outputs at 64x48, while the networks run at 128x96
        settings.calibratesDepthScale = true
        let run = ReconstructionRun(sequence: sequence, inputDescription: "living room", weights: nil,
                                    source: .network(model), settings: settings, folder: folder)
        #expect(run.intrinsics == sequence.intrinsics.rescaled(width: 64, height: 48))
        try run.prepare()
        let report = try run.run()
        #expect(report.inputs.frameCount == 4)
        #expect(report.run?.networkResolution == [model.configuration.inputWidth, model.configuration.inputHeight])
        #expect(report.run?.refinement == nil)
        let poseRefinement = try #require(report.run?.poseRefinement)
        #expect(poseRefinement.pairs == 3 && poseRefinement.accepted <= 3 && poseRefinement.window == ReconstructionSettings().poseRefinementWindow)
        #expect(poseRefinement.meanCostAfter <= poseRefinement.meanCostBefore)
        let bundle = try #require(report.run?.bundleAdjustment)
        #expect(bundle.frames == 4 && bundle.window == ReconstructionSettings().bundleAdjustmentWindow)
        #expect(bundle.meanCostAfter <= bundle.meanCostBefore && bundle.networkStarts <= 3)
        let stereo = try #require(report.run?.stereo)
        #expect(stereo.frames == 4 && stereo.hypotheses == ReconstructionSettings().stereoHypotheses)
        #expect(stereo.sources <= 4 * 4 && stereo.matchedPixels + stereo.spreadPixels <= stereo.pixelsWithDepth && stereo.pixelsWithDepth == 4 * 64 * 48)
        let depthScale = try #require(report.run?.depthScale)
        let poses = try TUMTrajectory.read(folder.trajectory)
        #expect(poses.map(\.timestamp) == [0, 2, 4, 6].map { sequence.frames[$0].timestamp })
        for pose in poses {
            let depth = try PNG.readDepth(folder.depth(timestamp: pose.timestamp))
            #expect(depth.width == run.intrinsics.width && depth.height == run.intrinsics.height)
            // minimum depth 0.1 m times the calibrated factor times --scale 2, times stereo's smallest factor
            #expect(depth.depths.allSatisfy { $0 >= Float(0.2 * depthScale) * 0.7 * 0.999 })
            for url in [folder.rgb(timestamp: pose.timestamp), folder.error(timestamp: pose.timestamp), folder.mask(timestamp: pose.timestamp)] {
                let image = try PNG.read(url)
                #expect(image.width == run.intrinsics.width && image.height == run.intrinsics.height)
            }
        }
        #expect(try PLY.read(folder.cloud).count == report.cloud.pointCount)
        #expect(try ReconstructionReport.read(folder.report) == report)
    }

    @Test func outputsAreScaledDownToTheMaximumWidth() throws {
        let sequence = try RenderedLivingRoom.sequence()
        let folder = scratch()
        var settings = ReconstructionSettings()
        settings.maximumWidth = 48
        let run = ReconstructionRun(sequence: sequence, inputDescription: "x", weights: nil, source: .groundTruth,
                                    settings: settings, folder: folder)
        #expect(run.intrinsics == sequence.intrinsics.rescaled(width: 48, height: 36))
        try run.prepare()
        let report = try run.run()
        #expect(report.intrinsics == run.intrinsics)
        let depth = try PNG.readDepth(folder.depth(timestamp: sequence.frames[0].timestamp))
        #expect(depth.width == 48 && depth.height == 36)
    }

    @Test func refinementChangesTheDepthAndIsReported() throws {
        let sequence = try RenderedLivingRoom.sequence()
        let model = try PackNetModel.shipped()
        var depths: [DepthMap] = []
        for refinement in [DepthRefinementOption.none, .guided] {
            let folder = scratch()
            var settings = ReconstructionSettings()
            settings.maximumFrames = 2
            settings.refinement = refinement
            settings.calibratesDepthScale = false
            settings.refinesPoses = false
            let run = ReconstructionRun(sequence: sequence, inputDescription: "x", weights: nil, source: .network(model),
                                        settings: settings, folder: folder)
            try run.prepare()
            let report = try run.run()
            #expect(report.run?.refinement == (refinement == .none ? nil : "guided"))
            #expect(report.run?.depthScale == nil && report.run?.poseRefinement == nil && report.run?.bundleAdjustment == nil)
            #expect(report.run?.stereo == nil)
            depths.append(try PNG.readDepth(folder.depth(timestamp: sequence.frames[0].timestamp)))
        }
        let changed = zip(depths[0].depths, depths[1].depths).filter { abs($0 - $1) > 1e-3 }.count
        #expect(changed > depths[0].depths.count / 10)
    }

    @Test func outputFolderMustBeEmpty() throws {
        let folder = scratch()
        try FileManager.default.createDirectory(at: folder.root, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.root.appendingPathComponent("old.txt"))
        let run = ReconstructionRun(sequence: try RenderedLivingRoom.sequence(), inputDescription: "x", weights: nil,
                                    source: .groundTruth, settings: ReconstructionSettings(), folder: folder)
        #expect(throws: ReconstructionError.outputNotEmpty(path: folder.root.path)) { try run.prepare() }
        #expect(ReconstructionError.outputNotEmpty(path: "/tmp/r").description
                == "/tmp/r: the output folder exists and is not empty (choose a new folder or empty it)")
    }

    /// A frame without any valid depth (all zeros, as a depth camera may give) is carried
    /// through: written, contributing nothing to the cloud, and the run completes.
    @Test func aFrameWithoutAnyDepthIsCarriedThrough() throws {
        var sequence = try RenderedLivingRoom.sequence()
        let width = sequence.intrinsics.width, height = sequence.intrinsics.height
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-depth-\(UUID().uuidString).png")
        try PNG.writeDepth(DepthMap(width: width, height: height, depths: [Float](repeating: 0, count: width * height)), to: empty)
        sequence.frames[3].depth = empty
        let folder = scratch()
        let run = ReconstructionRun(sequence: sequence, inputDescription: "x", weights: nil,
                                    source: .groundTruth, settings: ReconstructionSettings(), folder: folder)
        try run.prepare()
        let report = try run.run()
        #expect(report.inputs.frameCount == sequence.frames.count)
        #expect(try PNG.readDepth(folder.depth(timestamp: sequence.frames[3].timestamp)).depths.allSatisfy { $0 == 0 })
        try? FileManager.default.removeItem(at: empty)
    }

    @Test func missingGroundTruthNamesTheFrame() throws {
        var sequence = try RenderedLivingRoom.sequence()
        sequence.frames[3].depth = nil
        let folder = scratch()
        let run = ReconstructionRun(sequence: sequence, inputDescription: "x", weights: nil,
                                    source: .groundTruth, settings: ReconstructionSettings(), folder: folder)
        try run.prepare()
        do {
            _ = try run.run()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "\(sequence.frames[3].image.path): no ground-truth depth for this frame "
                    + "(--ground-truth needs a TUM folder with depth and groundtruth.txt)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.report.path))
    }

    @Test func keyframesOfAGroundTruthRunAreTheFramesThatMovedEnough() throws {
        let sequence = try RenderedLivingRoom.sequence()
        let folder = scratch()
        var settings = ReconstructionSettings()
        settings.selection = .defaultKeyframes
        let run = ReconstructionRun(sequence: sequence, inputDescription: "x", weights: nil,
                                    source: .groundTruth, settings: settings, folder: folder)
        try run.prepare()
        _ = try run.run()
        let used = try TUMTrajectory.read(folder.trajectory).map(\.timestamp)
        let indices = used.map { time in sequence.frames.firstIndex { $0.timestamp == time }! }
        #expect(indices.first == 0 && indices.count >= 2 && indices.count < sequence.frames.count)
        var keyframe = 0
        for index in 1..<sequence.frames.count {
            let motion = PoseChain.sourceFromTarget(source: sequence.frames[keyframe].worldFromCamera!,
                                                    target: sequence.frames[index].worldFromCamera!)
            let selected = settings.selection.isKeyframe(motion: motion)
            #expect(indices.contains(index) == selected, "frame \(index)")
            if selected { keyframe = index }
        }
    }

    @Test func keyframesNeedEnoughMotion() {
        let selection = FrameSelection.defaultKeyframes
        #expect(!selection.isKeyframe(motion: RigidTransform(translation: [0.01, 0, 0.02])))
        #expect(selection.isKeyframe(motion: RigidTransform(translation: [0, 0, 0.06])))
        #expect(selection.isKeyframe(motion: RigidTransform(rotation: Matrix3.rotation(axisAngle: [0, 6 * .pi / 180, 0]))))
        #expect(Array(FrameSelection.stride(3).candidateIndices(count: 8)) == [0, 3, 6])
        #expect(Array(selection.candidateIndices(count: 3)) == [0, 1, 2])
    }

    @Test func errorMapWithoutNeighboursIsOutOfViewAndMasksFusion() {
        let intrinsics = Intrinsics(horizontalFieldOfView: 60, width: 8, height: 6)
        let depth = DepthMap(width: 8, height: 6, depths: Array(repeating: 2, count: 48))
        let map = ErrorMap(image: Tensor.zeros([1, 3, 6, 8]), depth: depth, neighbours: [], intrinsics: intrinsics)
        #expect(map.outOfViewCount == 48 && map.meanError == nil)
        #expect(map.maskingOutOfView(depth).depths.allSatisfy { $0 == 0 })
        #expect(map.colored().pixels.allSatisfy { $0 == 1 })
    }
}
