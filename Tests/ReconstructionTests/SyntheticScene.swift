import Foundation
import Geometry
import Imaging

/// A scene of axis-aligned boxes that tests ray-cast exactly: the inside of a room box plus solid
/// boxes standing in it.
struct SyntheticScene {
    struct Box {
        var minimum: SIMD3<Double>, maximum: SIMD3<Double>

        /// Entry and exit parameters of the ray `origin + t · direction`, if it meets the box.
        func intersect(origin: SIMD3<Double>, direction: SIMD3<Double>) -> (entry: Double, exit: Double)? {
            var entry = -Double.infinity, exit = Double.infinity
            for axis in 0..<3 {
                let a = (minimum[axis] - origin[axis]) / direction[axis]
                let b = (maximum[axis] - origin[axis]) / direction[axis]
                entry = max(entry, min(a, b))
                exit = min(exit, max(a, b))
            }
            return entry <= exit ? (entry, exit) : nil
        }

        /// Distance from `point` to the box's surface.
        func surfaceDistance(_ point: SIMD3<Double>) -> Double {
            let outsideDistance = length(pointwiseMax(pointwiseMax(minimum - point, point - maximum), .zero))
            if outsideDistance > 0 { return outsideDistance }
            return min((point - minimum).min(), (maximum - point).min())
        }
    }

    var room: Box
    var solids: [Box]
    var intrinsics: Intrinsics

    /// The 4 × 2.4 × 4 m room with a 0.4 m box near its middle, seen by a 64x48 camera.
    static func room(width: Int = 64, height: Int = 48) -> SyntheticScene {
        SyntheticScene(room: Box(minimum: [-2, -1.2, -2], maximum: [2, 1.2, 2]),
                       solids: [Box(minimum: [-0.2, 0.4, -0.2], maximum: [0.2, 1.2, 0.2])],
                       intrinsics: Intrinsics(fx: Double(width) * 0.8, fy: Double(width) * 0.8,
                                              cx: Double(width - 1) / 2, cy: Double(height - 1) / 2,
                                              width: width, height: height))
    }

    /// The depth `worldFromCamera` sees at every pixel centre (0 where nothing is hit).
    func depth(worldFromCamera: RigidTransform) -> DepthMap {
        var depth = DepthMap(width: intrinsics.width, height: intrinsics.height,
                             depths: Array(repeating: 0, count: intrinsics.width * intrinsics.height))
        for y in 0..<intrinsics.height {
            for x in 0..<intrinsics.width {
                let ray = intrinsics.backproject(pixel: [Double(x), Double(y)], depth: 1)
                let direction = worldFromCamera.rotation * ray
                let origin = worldFromCamera.translation
                var nearest = Double.infinity
                if let hit = room.intersect(origin: origin, direction: direction), hit.exit > 0 { nearest = hit.exit }
                for solid in solids {
                    if let hit = solid.intersect(origin: origin, direction: direction), hit.entry > 0 {
                        nearest = min(nearest, hit.entry)
                    }
                }
                if nearest.isFinite { depth[x, y] = Float(nearest) }
            }
        }
        return depth
    }

    /// Distance from `point` to the nearest surface of the scene.
    func surfaceDistance(_ point: SIMD3<Double>) -> Double {
        solids.reduce(room.surfaceDistance(point)) { min($0, $1.surfaceDistance(point)) }
    }

    /// A colour image for `depth`: a pattern that depends on the pixel, so averaging is visible.
    func color(for depth: DepthMap) -> Image {
        var image = Image(width: depth.width, height: depth.height, channels: 3)
        for y in 0..<depth.height {
            for x in 0..<depth.width {
                image[x, y, 0] = 0.5
                image[x, y, 1] = Float(x % 2)
                image[x, y, 2] = Float(depth[x, y] / 5)
            }
        }
        return image
    }
}

/// A camera at `position` turned by `yaw` radians about the vertical (y) axis, looking along +z
/// at yaw 0.
func camera(at position: SIMD3<Double>, yaw: Double) -> RigidTransform {
    let c = cos(yaw), s = sin(yaw)
    return RigidTransform(rotation: Matrix3(rows: [c, 0, s], [0, 1, 0], [-s, 0, c]), translation: position)
}
