import Foundation
import Geometry
import Imaging
import Reconstruction
import Viewer

/// A small reconstruction made in code: a room (floor, three walls) with a box on the floor,
/// points on every surface, and three frames whose depth maps are ray-cast from the same
/// geometry. World frame = first camera (x right, y down, z forward).
struct SyntheticReconstruction {
    static let intrinsics = Intrinsics(fx: 40, fy: 40, cx: 31.5, cy: 23.5, width: 64, height: 48)
    static let timestamps = [1.0, 1.5, 2.0]

    /// Room bounds and the box on its floor.
    static let roomLow = SIMD3<Double>(-2, -1.2, -1), roomHigh = SIMD3<Double>(2, 1.2, 4)
    static let boxLow = SIMD3<Double>(-0.2, 0.2, 1.5), boxHigh = SIMD3<Double>(0.8, 1.2, 2.5)

    let cloud: SceneCloud
    let poses: [RigidTransform]
    let evidence: [FrameEvidence]

    init(pointCount: Int = 4000) {
        var generator = SplitMix64(seed: 7)
        var positions: [SIMD3<Float>] = [], colors: [SIMD3<UInt8>] = [], errors: [Float] = [], counts: [UInt32] = []
        let (low, high) = (Self.roomLow, Self.roomHigh)
        while positions.count < pointCount {
            let u = Double(generator.nextFloat(in: 0...1)), v = Double(generator.nextFloat(in: 0...1))
            let choice = generator.next() % 5
            let point: SIMD3<Double>
            switch choice {
            case 0: point = [low.x + u * (high.x - low.x), high.y, low.z + v * (high.z - low.z)]           // floor
            case 1: point = [low.x + u * (high.x - low.x), low.y + v * (high.y - low.y), high.z]          // back wall
            case 2: point = [low.x, low.y + u * (high.y - low.y), low.z + v * (high.z - low.z)]            // left wall
            case 3: point = [high.x, low.y + u * (high.y - low.y), low.z + v * (high.z - low.z)]           // right wall
            default:
                let (b0, b1) = (Self.boxLow, Self.boxHigh)
                let face = generator.next() % 3
                switch face {
                case 0: point = [b0.x + u * (b1.x - b0.x), b0.y, b0.z + v * (b1.z - b0.z)]                  // box top
                case 1: point = [b0.x + u * (b1.x - b0.x), b0.y + v * (b1.y - b0.y), b0.z]                  // box front
                default: point = [b0.x, b0.y + u * (b1.y - b0.y), b0.z + v * (b1.z - b0.z)]                 // box left
                }
            }
            positions.append(SIMD3<Float>(point))
            colors.append(SIMD3<UInt8>((Self.color(at: point) * 255).rounded(.toNearestOrAwayFromZero)))
            errors.append(Float(0.2 + 1.5 * (point.x - low.x) / (high.x - low.x)))
            counts.append(UInt32(1 + (positions.count % 3)))
        }
        cloud = SceneCloud(positions: positions, colors: colors, meanErrors: errors, observationCounts: counts)
        poses = (0..<3).map { index in
            let yaw = Double(index - 1) * 0.25
            let rotation = Matrix3(rows: [cos(yaw), 0, sin(yaw)], [0, 1, 0], [-sin(yaw), 0, cos(yaw)])
            return RigidTransform(rotation: rotation, translation: [Double(index) * 0.4 - 0.4, -0.1 * Double(index), -0.5])
        }
        evidence = poses.map(Self.render)
    }

    /// The scene as the viewer holds it (already in a fixed order).
    var scene: ViewerScene {
        ViewerScene(cloud: cloud,
              frames: zip(Self.timestamps, poses).map { SceneFrame(timestamp: $0, worldFromCamera: $1) },
              groundTruth: poses.map { RigidTransform(rotation: $0.rotation, translation: $0.translation + [0.05, 0.05, 0]) },
              intrinsics: Self.intrinsics)
    }

    /// A colour per surface with a checkerboard, so orientation and scale are visible.
    static func color(at point: SIMD3<Double>) -> SIMD3<Float> {
        let checker = (Int((point.x * 2).rounded(.down)) + Int((point.y * 2).rounded(.down)) + Int((point.z * 2).rounded(.down))) & 1 == 0
        let base: SIMD3<Float>
        if point.x >= boxLow.x - 1e-9 && point.x <= boxHigh.x + 1e-9 && point.y >= boxLow.y - 1e-9 && point.y < roomHigh.y - 1e-9
            && point.z >= boxLow.z - 1e-9 && point.z <= boxHigh.z + 1e-9 {
            base = [0.9, 0.35, 0.2]
        } else if point.y >= roomHigh.y - 1e-9 {
            base = [0.55, 0.5, 0.45]
        } else if point.z >= roomHigh.z - 1e-9 {
            base = [0.3, 0.55, 0.8]
        } else if point.x <= roomLow.x + 1e-9 {
            base = [0.4, 0.75, 0.4]
        } else {
            base = [0.85, 0.8, 0.35]
        }
        return base * (checker ? 1 : 0.75)
    }

    /// Ray-casts the room and box from `pose`: depth, colour, an error heat map and a mask that
    /// rejects the box's pixels (as if they were occluded in a neighbour).
    static func render(_ pose: RigidTransform) -> FrameEvidence {
        let (width, height) = (intrinsics.width, intrinsics.height)
        var depth = DepthMap(width: width, height: height, depths: Array(repeating: 0, count: width * height))
        var rgb = Image(width: width, height: height, channels: 3)
        var mask = Image(width: width, height: height, channels: 1)
        var errorValues = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let direction = pose.rotation * intrinsics.backproject(pixel: [Double(x), Double(y)], depth: 1)
                let origin = pose.translation
                var t = Double.infinity
                for axis in 0..<3 where direction[axis] != 0 {
                    let bound = direction[axis] > 0 ? roomHigh[axis] : roomLow[axis]
                    t = min(t, (bound - origin[axis]) / direction[axis])
                }
                let hitRoom = origin + t * direction
                guard hitRoom.z > roomLow.z + 1e-6 && hitRoom.y > roomLow.y + 1e-6 else { continue }
                var onBox = false
                var tNear = -Double.infinity, tFar = Double.infinity
                for axis in 0..<3 {
                    if direction[axis] == 0 { if origin[axis] < boxLow[axis] || origin[axis] > boxHigh[axis] { tNear = .infinity }; continue }
                    let a = (boxLow[axis] - origin[axis]) / direction[axis], b = (boxHigh[axis] - origin[axis]) / direction[axis]
                    tNear = max(tNear, min(a, b)); tFar = min(tFar, max(a, b))
                }
                if tNear <= tFar && tNear > 0 && tNear < t { t = tNear; onBox = true }
                let hit = origin + t * direction
                depth[x, y] = Float(t)
                let color = Self.color(at: hit)
                for channel in 0..<3 { rgb[x, y, channel] = color[channel] }
                mask[x, y, 0] = onBox ? 0 : 1
                errorValues[y * width + x] = Float(abs(hit.x) * 0.5)
            }
        }
        let error = ColorMap.turbo.render(errorValues, width: width, height: height, range: 0...1)
        return FrameEvidence(rgb: rgb, depth: depth, error: error, mask: mask)
    }
}
