import Foundation
import Geometry

/// The virtual camera the scene is drawn from: a pose in the computer-vision convention of the
/// reconstruction (x right, y down, z forward) and a vertical field of view. Plain data.
public struct ViewCamera: Equatable, Sendable {
    /// Where the camera is and where it looks.
    public var worldFromCamera: RigidTransform
    /// Vertical field of view in radians.
    public var verticalFieldOfView: Double

    /// A camera from its parts (the default field of view is 60°).
    public init(worldFromCamera: RigidTransform, verticalFieldOfView: Double = .pi / 3) {
        self.worldFromCamera = worldFromCamera
        self.verticalFieldOfView = verticalFieldOfView
    }

    /// A camera at `eye` looking at `target`, with `up` (world direction) pointing up on screen.
    public static func lookingAt(_ target: SIMD3<Double>, from eye: SIMD3<Double>, up: SIMD3<Double>,
                                 verticalFieldOfView: Double = .pi / 3) -> ViewCamera {
        let forward = normalize(target - eye)
        var down = -up - dot(-up, forward) * forward
        if length(down) < 1e-9 { down = abs(forward.x) < 0.9 ? [1, 0, 0] : [0, 1, 0] }
        down = normalize(down - dot(down, forward) * forward)
        let right = cross(down, forward)
        let rotation = Matrix3(rows: [right.x, down.x, forward.x], [right.y, down.y, forward.y], [right.z, down.z, forward.z])
        return ViewCamera(worldFromCamera: RigidTransform(rotation: rotation, translation: eye),
                          verticalFieldOfView: verticalFieldOfView)
    }

    /// The camera `fraction` of the way from `start` to `end`: centres and fields of view
    /// interpolated linearly, orientations along the shorter arc (normalised quaternion blend).
    public static func interpolated(_ start: ViewCamera, _ end: ViewCamera, fraction: Double) -> ViewCamera {
        if fraction <= 0 { return start }
        if fraction >= 1 { return end }
        let a = start.worldFromCamera.quaternion
        var b = end.worldFromCamera.quaternion
        if a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w < 0 { b = Quaternion(x: -b.x, y: -b.y, z: -b.z, w: -b.w) }
        let t = fraction, s = 1 - fraction
        let blend = Quaternion(x: s * a.x + t * b.x, y: s * a.y + t * b.y, z: s * a.z + t * b.z, w: s * a.w + t * b.w)
        let position = s * start.position + t * end.position
        return ViewCamera(worldFromCamera: RigidTransform(rotation: blend, translation: position),
                          verticalFieldOfView: s * start.verticalFieldOfView + t * end.verticalFieldOfView)
    }

    /// The camera centre in world coordinates.
    public var position: SIMD3<Double> {
        get { worldFromCamera.translation }
        set { worldFromCamera.translation = newValue }
    }

    /// The viewing direction in world coordinates.
    public var forward: SIMD3<Double> { worldFromCamera.rotation.column(2) }
    /// The screen's right direction in world coordinates.
    public var right: SIMD3<Double> { worldFromCamera.rotation.column(0) }
    /// The screen's down direction in world coordinates.
    public var down: SIMD3<Double> { worldFromCamera.rotation.column(1) }

    /// Turns the view by `angle` radians about the world axis `axis` through the camera centre.
    public mutating func turn(about axis: SIMD3<Double>, by angle: Double) {
        worldFromCamera.rotation = Matrix3.rotation(about: axis, by: angle) * worldFromCamera.rotation
    }

    /// Tilts the view by `angle` radians about its own right axis (positive looks up).
    public mutating func tilt(by angle: Double) {
        worldFromCamera.rotation = worldFromCamera.rotation * Matrix3.rotation(about: [1, 0, 0], by: angle)
    }

    /// The world → OpenGL eye-space matrix.
    public var viewMatrix: Matrix4 { Matrix4.view(worldFromCamera: worldFromCamera) }

    /// The projection for a viewport of `aspect` (width / height) between `near` and `far`.
    public func projectionMatrix(aspect: Double, near: Double, far: Double) -> Matrix4 {
        Matrix4.perspective(fieldOfView: verticalFieldOfView, aspect: aspect, near: near, far: far)
    }
}

extension Matrix3 {
    /// The rotation by `angle` radians about unit `axis` (right-handed; Rodrigues' formula).
    static func rotation(about axis: SIMD3<Double>, by angle: Double) -> Matrix3 {
        let k = normalize(axis), c = cos(angle), s = sin(angle), t = 1 - c
        return Matrix3(rows: [t * k.x * k.x + c, t * k.x * k.y - s * k.z, t * k.x * k.z + s * k.y],
                       [t * k.x * k.y + s * k.z, t * k.y * k.y + c, t * k.y * k.z - s * k.x],
                       [t * k.x * k.z - s * k.y, t * k.y * k.z + s * k.x, t * k.z * k.z + c])
    }
}
