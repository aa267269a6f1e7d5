import Foundation
import Geometry
import Imaging
import Reconstruction

extension ViewerScene {
    /// Loads a reconstruction folder (shared/DESIGN.md): `trajectory.txt`, `cloud.ply`, the
    /// intrinsics from `report.json` (optional), and checks that every frame's depth, error, mask and rgb
    /// image exists. The navigation map of `navmap/` (`occupancy.yaml` with its PGM, and
    /// `path.txt`) is loaded when `occupancy.yaml` exists. The ground truth comes from `groundTruth`, or `groundtruth.txt` in the folder
    /// when present, aligned to the estimate by a similarity (monocular estimates have their own
    /// world frame and scale). The cloud is shuffled once (seed 1) and cut to `pointBudget` points.
    /// Errors name the file and what is wrong.
    public static func load(folder url: URL, groundTruth: URL? = nil, pointBudget: Int,
                            warn: (String) -> Void = { _ in }) throws -> ViewerScene {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw ViewerError.missingFile(url) }
        guard isDirectory.boolValue else { throw ViewerError.unreadableFile(url, reason: "not a folder (expected a reconstruction folder)") }
        let folder = ReconstructionFolder(root: url)

        try requireFile(folder.trajectory)
        let poses = try TUMTrajectory.read(folder.trajectory)
        guard !poses.isEmpty else { throw ViewerError.unreadableFile(folder.trajectory, reason: "no poses") }
        for pose in poses {
            for file in [folder.depth(timestamp: pose.timestamp), folder.error(timestamp: pose.timestamp),
                         folder.mask(timestamp: pose.timestamp), folder.rgb(timestamp: pose.timestamp)] {
                try requireFile(file)
            }
        }

        try requireFile(folder.cloud)
        let ply = try PLY.read(folder.cloud)
        let full = SceneCloud(positions: ply.positions, colors: ply.colors, meanErrors: ply.meanErrors, observationCounts: ply.observationCounts)
        if full.count > pointBudget {
            warn("cloud.ply has \(full.count) points; drawing a uniform subsample of \(pointBudget) (--point-budget)")
        }

        let intrinsics = try loadIntrinsics(folder, firstTimestamp: poses[0].timestamp, warn: warn)

        var truthFile = groundTruth
        let defaultTruth = url.appendingPathComponent("groundtruth.txt")
        if truthFile == nil && FileManager.default.fileExists(atPath: defaultTruth.path) { truthFile = defaultTruth }
        var truth: [RigidTransform] = []
        if let truthFile {
            try requireFile(truthFile)
            truth = alignedGroundTruth(try TUMTrajectory.read(truthFile), to: poses, file: truthFile, warn: warn)
        }
        let navmap = try SceneNavmap.load(folder: url)
        return ViewerScene(cloud: full.shuffled(seed: 1, budget: pointBudget),
                     frames: poses.map { SceneFrame(timestamp: $0.timestamp, worldFromCamera: $0.worldFromCamera) },
                     groundTruth: truth, intrinsics: intrinsics, navmap: navmap)
    }

    /// The ground-truth poses moved into the reconstruction's world by the similarity
    /// (Umeyama) that best maps their centres onto those of the estimate at the same timestamps,
    /// as evaluation aligns them; unaligned (with a warning) when fewer than three timestamps match.
    private static func alignedGroundTruth(_ truth: [TimedPose], to estimate: [TimedPose], file: URL,
                                           warn: (String) -> Void) -> [RigidTransform] {
        let pairs = TrajectoryMetrics.associate(estimated: estimate, groundTruth: truth)
        guard pairs.estimated.count >= 3 else {
            warn("\(file.path) shares fewer than 3 timestamps with trajectory.txt; drawing it unaligned")
            return truth.map(\.worldFromCamera)
        }
        let alignment = umeyamaAlignment(from: pairs.groundTruth.map(\.translation), to: pairs.estimated.map(\.translation))
        return truth.map { alignment.apply($0.worldFromCamera) }
    }

    private static func requireFile(_ url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { throw ViewerError.missingFile(url) }
    }

    /// The intrinsics of `report.json`, or, without a report, a 60° vertical field of view over
    /// the first depth map's size.
    private static func loadIntrinsics(_ folder: ReconstructionFolder, firstTimestamp: Double, warn: (String) -> Void) throws -> Intrinsics {
        if FileManager.default.fileExists(atPath: folder.report.path) {
            let intrinsics = try ReconstructionReport.read(folder.report).intrinsics
            guard intrinsics.fx > 0, intrinsics.fy > 0, intrinsics.width > 0, intrinsics.height > 0 else {
                throw ViewerError.unreadableFile(folder.report, reason: "intrinsics need positive fx, fy, width and height")
            }
            return intrinsics
        }
        let depth = try PNG.readDepth(folder.depth(timestamp: firstTimestamp))
        warn("\(folder.report.path) is missing; assuming a 60° vertical field of view")
        let focal = Double(depth.height) / 2 / tan(Double.pi / 6)
        return Intrinsics(fx: focal, fy: focal, cx: Double(depth.width) / 2 - 0.5, cy: Double(depth.height) / 2 - 0.5,
                          width: depth.width, height: depth.height)
    }
}

extension FrameEvidence {
    /// A loader for the frames of `scene` read from `folder`: returns nil (after one message to
    /// `warn`) for a frame whose images cannot be read.
    public static func loader(folder: URL, scene: ViewerScene, warn: @escaping (String) -> Void) -> (Int) -> FrameEvidence? {
        let reconstruction = ReconstructionFolder(root: folder)
        return { index in
            do { return try FrameEvidence.load(from: reconstruction, timestamp: scene.frames[index].timestamp) } catch {
                warn("frame \(index): \(error)")
                return nil
            }
        }
    }
}
