import Foundation
import Geometry
import Imaging
import Reconstruction
import Viewer

extension SyntheticReconstruction {
    /// Writes the reconstruction in the layout of shared/DESIGN.md into a new temporary folder
    /// (with `groundtruth.txt` beside it) and returns the folder.
    func writeFolder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-viewer-\(UUID().uuidString)")
        for kind in ["depth", "error", "mask", "rgb"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(kind), withIntermediateDirectories: true)
        }
        let folder = ReconstructionFolder(root: root)
        let scene = self.scene
        try TUMTrajectory.write(scene.frames.map { TimedPose(timestamp: $0.timestamp, worldFromCamera: $0.worldFromCamera) }, to: folder.trajectory)
        try TUMTrajectory.write(zip(Self.timestamps, scene.groundTruth).map { TimedPose(timestamp: $0, worldFromCamera: $1) },
                                to: root.appendingPathComponent("groundtruth.txt"))
        for (timestamp, frame) in zip(Self.timestamps, evidence) {
            try PNG.write(frame.rgb, to: folder.rgb(timestamp: timestamp))
            try PNG.writeDepth(frame.depth, to: folder.depth(timestamp: timestamp))
            try PNG.write(frame.error, to: folder.error(timestamp: timestamp))
            try PNG.write(frame.mask, to: folder.mask(timestamp: timestamp))
        }
        try PLY.write(PointCloud(positions: cloud.positions, colors: cloud.colors,
                                 observationCounts: cloud.observationCounts, meanErrors: cloud.meanErrors), to: folder.cloud)
        let report = ReconstructionReport(
            inputs: .init(source: "synthetic room", weights: nil, frameCount: 3),
            settings: .init(voxelSize: 0.02, minimumObservations: 1, consistencyThreshold: 0.05,
                            flyingPixelThreshold: nil, keepsUnverified: true, neighbourOffsets: [-1, 1]),
            intrinsics: Self.intrinsics, timings: [], frames: [],
            cloud: .init(pointCount: cloud.count, voxelCount: cloud.count, fusedPixelCount: cloud.count))
        try report.write(to: folder.report)
        return root
    }
}
