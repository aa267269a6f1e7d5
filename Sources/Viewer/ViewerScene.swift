import Foundation
import Geometry

/// One frame of the reconstruction's trajectory.
public struct SceneFrame: Equatable, Sendable {
    /// The frame's timestamp in seconds (names its files).
    public var timestamp: Double
    /// The camera's pose (camera-to-world, computer-vision axes).
    public var worldFromCamera: RigidTransform

    /// A frame from its parts.
    public init(timestamp: Double, worldFromCamera: RigidTransform) {
        self.timestamp = timestamp
        self.worldFromCamera = worldFromCamera
    }
}

/// Everything the viewer shows, as plain data: the shuffled cloud, the camera path, an optional
/// ground-truth path, the intrinsics of the frames, and an optional navigation map.
public struct ViewerScene: Sendable {
    /// The points, in random order (any prefix is a uniform subsample).
    public var cloud: SceneCloud
    /// The used frames, in trajectory order.
    public var frames: [SceneFrame]
    /// The ground-truth camera path, when one was given.
    public var groundTruth: [RigidTransform]
    /// The frames' intrinsics (field of view of "look through" and back-projection of depth).
    public var intrinsics: Intrinsics
    /// The occupancy grid and planned path of `packsfm navmap`, when the folder has them.
    public var navmap: SceneNavmap?

    /// A scene from its parts.
    public init(cloud: SceneCloud, frames: [SceneFrame], groundTruth: [RigidTransform] = [], intrinsics: Intrinsics,
                navmap: SceneNavmap? = nil) {
        self.cloud = cloud
        self.frames = frames
        self.groundTruth = groundTruth
        self.intrinsics = intrinsics
        self.navmap = navmap
    }

    /// The world's up direction: opposite to the cameras' mean down axis (people hold cameras
    /// roughly level), or −y (the camera convention's up) without frames.
    public var up: SIMD3<Double> {
        let down = frames.reduce(SIMD3<Double>.zero) { $0 + $1.worldFromCamera.rotation.column(1) }
        return length(down) > 1e-9 ? -normalize(down) : [0, -1, 0]
    }

    /// The centre and half-diagonal of the box around the points and camera centres.
    public var extent: (center: SIMD3<Double>, radius: Double) {
        var (low, high) = cloud.bounds
        if cloud.count == 0, let first = frames.first { low = SIMD3<Float>(first.worldFromCamera.translation); high = low }
        for frame in frames {
            let centre = SIMD3<Float>(frame.worldFromCamera.translation)
            low = pointwiseMin(low, centre); high = pointwiseMax(high, centre)
        }
        let center = SIMD3<Double>((low + high) / 2)
        return (center, max(Double(length(high - low)) / 2, 1e-3))
    }

    /// The vertical field of view of the frames, in radians.
    public var verticalFieldOfView: Double { 2 * atan(Double(intrinsics.height) / (2 * intrinsics.fy)) }

    /// Each frame's camera, with the frames' field of view.
    public var frameCameras: [ViewCamera] {
        frames.map { ViewCamera(worldFromCamera: $0.worldFromCamera, verticalFieldOfView: verticalFieldOfView) }
    }

    /// The overview the viewer starts from: the whole scene from behind and above the first
    /// camera, looking at the centre.
    public var homeCamera: ViewCamera {
        let (center, radius) = extent
        let back = frames.first.map { -$0.worldFromCamera.rotation.column(2) } ?? [0, 0, -1]
        let eye = center + back * radius * 1.6 + up * radius * 0.8
        return ViewCamera.lookingAt(center, from: eye, up: up)
    }

    /// The initial viewer state: home view, orbiting the scene centre.
    public func initialState() -> ViewerState {
        let (center, radius) = extent
        return ViewerState(frames: frameCameras, home: homeCamera, orbitTarget: center, up: up, sceneRadius: radius)
    }

    /// The near and far clipping distances that enclose the scene seen from `camera`.
    public func clippingRange(from camera: ViewCamera) -> (near: Double, far: Double) {
        let (center, radius) = extent
        let far = length(camera.position - center) + radius * 1.2
        return (max(far * 1e-4, 1e-4), far)
    }

    /// The range of distances from `camera` to the points' bounding box (the depth colour mode's
    /// colour map range).
    public func depthRange(from camera: ViewCamera) -> ClosedRange<Float> {
        let (low, high) = cloud.bounds
        let eye = SIMD3<Float>(camera.position)
        let nearest = pointwiseMax(pointwiseMin(eye, high), low)
        var farthest: Float = 0
        for corner in 0..<8 {
            let point = SIMD3<Float>(corner & 1 == 0 ? low.x : high.x, corner & 2 == 0 ? low.y : high.y, corner & 4 == 0 ? low.z : high.z)
            farthest = max(farthest, length(point - eye))
        }
        let near = length(nearest - eye)
        return near...max(farthest, near + 1e-3)
    }

    /// The line segments (pairs of world points) of the camera frustum of `pose`, its image plane
    /// `size` in front of the centre, shaped by the frames' intrinsics.
    public func frustumSegments(_ pose: RigidTransform, size: Double) -> [SIMD3<Float>] {
        let width = Double(intrinsics.width), height = Double(intrinsics.height)
        let corners = [SIMD2(0.0, 0.0), SIMD2(width, 0), SIMD2(width, height), SIMD2(0, height)].map {
            SIMD3<Float>(pose.apply(intrinsics.backproject(pixel: $0, depth: size)))
        }
        let apex = SIMD3<Float>(pose.translation)
        var segments: [SIMD3<Float>] = []
        for index in 0..<4 {
            segments += [apex, corners[index], corners[index], corners[(index + 1) % 4]]
        }
        // A tick on the top edge shows which way is up.
        let topMiddle = (corners[0] + corners[1]) / 2
        segments += [topMiddle, topMiddle + SIMD3<Float>(pose.rotation.column(1) * -size * 0.25)]
        return segments
    }

    /// The size of the drawn frustums: a small fraction of the scene.
    public var frustumSize: Double { extent.radius * 0.04 }
}
