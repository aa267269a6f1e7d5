import Foundation
import Geometry

/// The closest approach of a camera path to the room or its furniture.
public struct PathClearance: Equatable, Sendable {
    /// Least distance (m) between the camera centre and any surface.
    public var distance: Double
    /// What it comes closest to: `"the north wall"`, `"furniture[2] \"sofa\""`.
    public var obstacle: String
    /// Where on the floor plane that happens.
    public var position: SIMD2<Double>
}

extension Scene {
    /// Vertical amplitude (m) of the walking bob added to the eye height.
    static let walkBob = 0.015

    /// The camera poses of frames `0..<frameCount` at `fps` (default: the scene's), timestamps
    /// `index / fps` seconds: the walk of ``CameraWalk`` along its closed loop.
    public func cameraPoses(frameCount: Int, fps: Double? = nil) -> [TimedPose] {
        let rate = fps ?? self.fps
        let path = WalkPath(waypoints: camera.waypoints)
        var random = SplitMix64(seed: camera.seed)
        let phases = (0..<6).map { _ in Double.random(in: 0..<(2 * .pi), using: &random) }
        let degrees = Double.pi / 180
        return (0..<frameCount).map { index in
            let time = Double(index) / rate
            let (position, direction) = path.sample(atArcLength: camera.speed * time)
            let yaw = atan2(direction.y, direction.x) + camera.lookOffsetDegrees * degrees
                + camera.yawSweepDegrees * degrees * sin(2 * .pi * time / camera.yawSweepPeriod + phases[0])
            let pitch = camera.pitchDegrees * degrees + camera.pitchJitterDegrees * degrees
                * (0.6 * sin(2 * .pi * 0.23 * time + phases[1]) + 0.4 * sin(2 * .pi * 0.71 * time + phases[2]))
            let roll = camera.rollJitterDegrees * degrees
                * (0.6 * sin(2 * .pi * 0.31 * time + phases[3]) + 0.4 * sin(2 * .pi * 0.83 * time + phases[4]))
            let height = camera.eyeHeight + Scene.walkBob * sin(2 * .pi * 1.7 * time + phases[5])
            let pose = RigidTransform(rotation: Scene.cameraRotation(yaw: yaw, pitch: pitch, roll: roll),
                                      translation: [position.x, position.y, height])
            return TimedPose(timestamp: time, worldFromCamera: pose)
        }
    }

    /// worldFromCamera rotation for a camera looking along heading `yaw` (radians, from +x
    /// towards +y), tilted up by `pitch` and rolled clockwise by `roll` (camera x right, y down,
    /// z forward; world z up).
    static func cameraRotation(yaw: Double, pitch: Double, roll: Double) -> Matrix3 {
        let forward = SIMD3(cos(yaw), sin(yaw), 0), right = SIMD3(sin(yaw), -cos(yaw), 0), down = SIMD3<Double>(0, 0, -1)
        let level = Matrix3(rows: [right.x, down.x, forward.x], [right.y, down.y, forward.y], [right.z, down.z, forward.z])
        let (cp, sp, cr, sr) = (cos(pitch), sin(pitch), cos(roll), sin(roll))
        let tilt = Matrix3(rows: [1, 0, 0], [0, cp, -sp], [0, sp, cp])
        let twist = Matrix3(rows: [cr, -sr, 0], [sr, cr, 0], [0, 0, 1])
        return level * tilt * twist
    }

    /// The closest approach of the camera loop (sampled every 2 cm, at the lowest and highest
    /// point of the walking bob) to walls, floor, ceiling and furniture.
    public func minimumClearance() -> PathClearance {
        let path = WalkPath(waypoints: camera.waypoints)
        let geometries = furniture.map(FurnitureGeometry.init)
        let stepCount = max(1, Int((path.totalLength / 0.02).rounded(.up)))
        var best = PathClearance(distance: .infinity, obstacle: "nothing", position: camera.waypoints[0])
        for step in 0..<stepCount {
            let position = path.sample(atArcLength: Double(step) * path.totalLength / Double(stepCount)).position
            for height in [camera.eyeHeight - Scene.walkBob, camera.eyeHeight + Scene.walkBob] {
                let point = SIMD3(position.x, position.y, height)
                let shell: [(Double, String)] = [
                    (point.x, "the west wall"), (room.width - point.x, "the east wall"),
                    (point.y, "the south wall"), (room.depth - point.y, "the north wall"),
                    (point.z, "the floor"), (room.height - point.z, "the ceiling"),
                ]
                for (distance, name) in shell where distance < best.distance {
                    best = PathClearance(distance: distance, obstacle: name, position: position)
                }
                for (index, geometry) in geometries.enumerated() {
                    let distance = geometry.distance(to: point)
                    if distance < best.distance {
                        best = PathClearance(distance: distance, obstacle: "furniture[\(index)] \"\(geometry.item.name)\"", position: position)
                    }
                }
            }
        }
        return best
    }
}

extension Intrinsics {
    /// A phone-like pinhole camera for `width × height` images: 63° horizontal field of view,
    /// square pixels, principal point at the image centre.
    public static func phone(width: Int, height: Int) -> Intrinsics {
        let focal = Double(width) / 2 / tan(63.0 / 2 * .pi / 180)
        return Intrinsics(fx: focal, fy: focal, cx: Double(width - 1) / 2, cy: Double(height - 1) / 2, width: width, height: height)
    }
}
