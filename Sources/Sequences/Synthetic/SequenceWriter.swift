import Foundation
import Geometry
import Imaging

/// One rendered frame with its exact ground truth.
public struct RenderedFrame: Sendable {
    /// Seconds from the start of the walk.
    public var timestamp: Double
    /// RGB in [0, 1].
    public var image: Image
    /// Metres along the camera's z axis.
    public var depth: DepthMap
    /// The exact camera pose.
    public var worldFromCamera: RigidTransform

    /// A frame from its parts.
    public init(timestamp: Double, image: Image, depth: DepthMap, worldFromCamera: RigidTransform) {
        self.timestamp = timestamp; self.image = image; self.depth = depth; self.worldFromCamera = worldFromCamera
    }
}

/// A sequence folder that cannot be written: names the folder and the problem.
public struct RenderOutputError: Error, Equatable, CustomStringConvertible {
    /// The output folder.
    public var folder: String
    /// What is wrong.
    public var problem: String

    /// An error from its parts.
    public init(folder: String, problem: String) { self.folder = folder; self.problem = problem }

    public var description: String { "\(folder): \(problem)" }
}

extension SceneRenderer {
    /// Renders the frame seen at `pose`.
    public func render(_ pose: TimedPose) -> RenderedFrame {
        let (image, depth) = render(worldFromCamera: pose.worldFromCamera)
        return RenderedFrame(timestamp: pose.timestamp, image: image, depth: depth, worldFromCamera: pose.worldFromCamera)
    }
}

/// Renders `frames` frames of `scene`'s camera walk at `fps` (default: the scene's) and writes
/// them in the TUM RGB-D layout: `rgb/<t>.png`, `depth/<t>.png` (16-bit, metres × 5000),
/// `rgb.txt`, `depth.txt`, `groundtruth.txt` (`timestamp tx ty tz qx qy qz qw`, camera to world),
/// `intrinsics.txt` (`fx fy cx cy`) and `scene.json`.
///
/// Everything is written into a hidden sibling folder that is renamed to `folder` at the end, so
/// an interrupted or failed run never leaves a folder that looks complete. `folder` must not
/// exist or be empty. `progress` is called with the number of frames done after each frame.
public func renderSequence(scene: Scene, frames: Int, fps: Double? = nil, width: Int, height: Int, to folder: URL,
                           supersampling: Int = 2, progress: (Int) -> Void = { _ in }) throws {
    precondition(frames > 0 && width > 0 && height > 0, "renderSequence: bad request \(frames) frames of \(width)x\(height)")
    let manager = FileManager.default
    if manager.fileExists(atPath: folder.path), !((try? manager.contentsOfDirectory(atPath: folder.path))?.isEmpty ?? false) {
        throw RenderOutputError(folder: folder.path, problem: "already exists and is not empty; choose another output folder or remove it")
    }
    let parent = folder.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).\(UUID().uuidString).partial")
    do {
        try manager.createDirectory(at: staging.appendingPathComponent("rgb"), withIntermediateDirectories: true)
        try manager.createDirectory(at: staging.appendingPathComponent("depth"), withIntermediateDirectories: true)
    } catch {
        throw RenderOutputError(folder: folder.path, problem: "cannot create the output folder (\(error.localizedDescription))")
    }
    do {
        let intrinsics = Intrinsics.phone(width: width, height: height)
        let renderer = SceneRenderer(scene: scene, intrinsics: intrinsics, supersampling: supersampling)
        let poses = scene.cameraPoses(frameCount: frames, fps: fps)
        var rgbList = "# color images\n# file: '\(scene.name)'\n# timestamp filename\n"
        var depthList = "# depth maps\n# file: '\(scene.name)'\n# timestamp filename\n"
        for (index, pose) in poses.enumerated() {
            let frame = renderer.render(pose)
            let stamp = String(format: "%.6f", pose.timestamp)
            try PNG.write(frame.image, to: staging.appendingPathComponent("rgb/\(stamp).png"))
            try PNG.writeDepth(frame.depth, to: staging.appendingPathComponent("depth/\(stamp).png"))
            rgbList += "\(stamp) rgb/\(stamp).png\n"
            depthList += "\(stamp) depth/\(stamp).png\n"
            progress(index + 1)
        }
        try Data(rgbList.utf8).write(to: staging.appendingPathComponent("rgb.txt"))
        try Data(depthList.utf8).write(to: staging.appendingPathComponent("depth.txt"))
        try TUMTrajectory.write(poses, to: staging.appendingPathComponent("groundtruth.txt"))
        let line = [intrinsics.fx, intrinsics.fy, intrinsics.cx, intrinsics.cy].map { String(format: "%.9g", $0) }.joined(separator: " ")
        try Data((line + "\n").utf8).write(to: staging.appendingPathComponent("intrinsics.txt"))
        try scene.jsonData().write(to: staging.appendingPathComponent("scene.json"))
        if manager.fileExists(atPath: folder.path) { try manager.removeItem(at: folder) }
        try manager.moveItem(at: staging, to: folder)
    } catch {
        try? manager.removeItem(at: staging)
        throw error
    }
}
