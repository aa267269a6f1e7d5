import Foundation
import Geometry
import Reconstruction

/// A room's fused cloud made in test code: a 6 x 5 m floor, four 2.5 m walls, a 1.0 x 0.6 x 0.8 m
/// box and sparse clutter in the air, seen by cameras walking a loop at 1.4 m looking 10° down.
/// The room is built in a local frame (x, y on the floor, z up) and placed in the world by
/// `worldFromRoom`, so that gravity is not a world axis.
struct SyntheticRoom {
    static let floorSize = SIMD2<Double>(6, 5)
    /// The box's footprint on the floor (room x, y ranges), and its height.
    static let boxLow = SIMD2<Double>(2.0, 2.0), boxHigh = SIMD2<Double>(3.0, 2.6), boxHeight = 0.8

    let worldFromRoom: RigidTransform
    let positions: [SIMD3<Float>]
    let cameras: [RigidTransform]

    init(seed: UInt64 = 7, spacing: Double = 0.02) {
        let placement = RigidTransform(rotation: Matrix3.rotation(axisAngle: SIMD3(0.3, -0.5, 0.2)), translation: SIMD3(1.0, -0.7, 2.0))
        worldFromRoom = placement
        var generator = SplitMix64(seed: seed)
        func jitter() -> Double { Double(generator.nextFloat(in: -0.004...0.004)) }
        var room: [SIMD3<Double>] = []
        // Floor, except under the box.
        for x in stride(from: 0.0, through: Self.floorSize.x, by: spacing) {
            for y in stride(from: 0.0, through: Self.floorSize.y, by: spacing) {
                let underBox = x > Self.boxLow.x && x < Self.boxHigh.x && y > Self.boxLow.y && y < Self.boxHigh.y
                if !underBox { room.append(SIMD3(x, y, jitter())) }
            }
        }
        // Walls.
        for z in stride(from: 0.0, through: 2.5, by: 0.03) {
            for x in stride(from: 0.0, through: Self.floorSize.x, by: 0.03) {
                room.append(SIMD3(x, jitter(), z)); room.append(SIMD3(x, Self.floorSize.y + jitter(), z))
            }
            for y in stride(from: 0.0, through: Self.floorSize.y, by: 0.03) {
                room.append(SIMD3(jitter(), y, z)); room.append(SIMD3(Self.floorSize.x + jitter(), y, z))
            }
        }
        // The box: four faces and the top.
        for z in stride(from: 0.0, through: Self.boxHeight, by: spacing) {
            for x in stride(from: Self.boxLow.x, through: Self.boxHigh.x, by: spacing) {
                room.append(SIMD3(x, Self.boxLow.y + jitter(), z)); room.append(SIMD3(x, Self.boxHigh.y + jitter(), z))
            }
            for y in stride(from: Self.boxLow.y, through: Self.boxHigh.y, by: spacing) {
                room.append(SIMD3(Self.boxLow.x + jitter(), y, z)); room.append(SIMD3(Self.boxHigh.x + jitter(), y, z))
            }
        }
        for x in stride(from: Self.boxLow.x, through: Self.boxHigh.x, by: spacing) {
            for y in stride(from: Self.boxLow.y, through: Self.boxHigh.y, by: spacing) { room.append(SIMD3(x, y, Self.boxHeight + jitter())) }
        }
        // Clutter: isolated points anywhere in the room.
        for _ in 0..<300 {
            room.append(SIMD3(Double(generator.nextFloat(in: 0...6)), Double(generator.nextFloat(in: 0...5)), Double(generator.nextFloat(in: 0...2.5))))
        }
        positions = room.map { SIMD3<Float>(placement.apply($0)) }

        // Cameras on an ellipse around the box, facing along the walk, pitched 10° down, rolling ±3°.
        var poses: [RigidTransform] = []
        for step in 0..<40 {
            let angle = 2 * Double.pi * Double(step) / 40
            let position = SIMD3(3 + 2 * cos(angle), 2.5 + 1.6 * sin(angle), 1.4)
            let walk = step == 0 ? SIMD3<Double>(1, 0, 0) : normalize(SIMD3(-2 * sin(angle), 1.6 * cos(angle), 0))
            let pitch = 10 * Double.pi / 180, roll = 3 * Double.pi / 180 * sin(3 * angle)
            let forward = cos(pitch) * walk - sin(pitch) * SIMD3(0, 0, 1)
            let level = normalize(cross(SIMD3(0, 0, -1), forward))  // right = down × forward
            let right = cos(roll) * level + sin(roll) * cross(forward, level)
            let down = cross(forward, right)
            let rotation = Matrix3(rows: [right.x, down.x, forward.x], [right.y, down.y, forward.y], [right.z, down.z, forward.z])
            poses.append(placement * RigidTransform(rotation: rotation, translation: position))
        }
        cameras = poses
    }

    /// The room's up direction and floor height (`dot(up, p)` on the floor) in world coordinates.
    var trueUp: SIMD3<Double> { worldFromRoom.rotation * SIMD3(0, 0, 1) }
    var trueFloorHeight: Double { dot(trueUp, worldFromRoom.translation) }

    /// Room floor coordinates (x, y) → the recovered frame's floor coordinates.
    func floorPoint(room: SIMD2<Double>, frame: FloorFrame) -> SIMD2<Double> {
        frame.floorCoordinates(worldFromRoom.apply(SIMD3(room.x, room.y, 0)))
    }
}

