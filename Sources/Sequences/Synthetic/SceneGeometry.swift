import Foundation
import Geometry

/// The nearest surface along a ray: distance, shading frame and material.
struct SurfaceHit {
    /// Ray parameter: the hit is at `origin + t · direction` (with the renderer's unnormalised
    /// directions whose camera-z component is 1, `t` is the depth).
    var t: Float
    /// Unit normal facing the ray.
    var normal: SIMD3<Float>
    /// Face coordinates (m) from the face's low corner, and the face's size.
    var uv: SIMD2<Float>, faceSize: SIMD2<Float>
    /// Index into the compiled materials.
    var material: Int
}

/// An oriented box (rotated by yaw about z), with its world bounding box.
struct BoxPrimitive: Sendable {
    var center: SIMD3<Float>, halfSize: SIMD3<Float>
    var cosine: Float, sine: Float
    var lower: SIMD3<Float>, upper: SIMD3<Float>
    var material: Int

    @inline(__always) func toLocal(_ v: SIMD3<Float>) -> SIMD3<Float> { [cosine * v.x + sine * v.y, -sine * v.x + cosine * v.y, v.z] }
    @inline(__always) func toWorld(_ v: SIMD3<Float>) -> SIMD3<Float> { [cosine * v.x - sine * v.y, sine * v.x + cosine * v.y, v.z] }
}

/// A vertical cylinder, with its world bounding box.
struct CylinderPrimitive: Sendable {
    var center: SIMD2<Float>, radius: Float, bottom: Float, top: Float
    var lower: SIMD3<Float>, upper: SIMD3<Float>
    var material: Int
}

/// A door or window recess: the box behind a wall rectangle.
struct RecessPrimitive: Sendable {
    /// The wall axis (0 = x for west/east, 1 = y for south/north) and the rectangle on the wall
    /// in (along-wall, z) coordinates.
    var wallAxis: Int, wallSide: Bool
    var rectangleLower: SIMD2<Float>, rectangleUpper: SIMD2<Float>
    var lower: SIMD3<Float>, upper: SIMD3<Float>
    var backMaterial: Int, sideMaterial: Int
}

/// The room prepared for ray casting: Float primitives, per-object bounds and inverse rotations.
struct SceneGeometry: Sendable {
    var roomSize: SIMD3<Float>
    var floorMaterial: Int, wallMaterial: Int, ceilingMaterial: Int
    var recesses: [RecessPrimitive] = []
    var boxes: [BoxPrimitive] = []
    var cylinders: [CylinderPrimitive] = []
    var materials: [CompiledMaterial] = []
    var posterShapes: [PosterShape] = []

    init(scene: Scene) {
        let names = scene.materials.keys.sorted()
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            index[name] = position
            materials.append(CompiledMaterial(scene.materials[name]!, shapes: &posterShapes))
        }
        let room = scene.room
        roomSize = SIMD3<Float>(Float(room.width), Float(room.depth), Float(room.height))
        floorMaterial = index[room.floor]!; wallMaterial = index[room.walls]!; ceilingMaterial = index[room.ceiling]!
        for opening in room.openings {
            let axis = opening.wall == .west || opening.wall == .east ? 0 : 1
            let farSide = opening.wall == .east || opening.wall == .north
            let along = (Float(opening.center - opening.width / 2), Float(opening.center + opening.width / 2))
            let vertical = (Float(opening.bottom), Float(opening.bottom + opening.height))
            let wallPosition = farSide ? roomSize[axis] : 0
            let depth = Float(opening.depth)
            let across = farSide ? (wallPosition, wallPosition + depth) : (wallPosition - depth, wallPosition)
            let lower: SIMD3<Float> = axis == 0 ? [across.0, along.0, vertical.0] : [along.0, across.0, vertical.0]
            let upper: SIMD3<Float> = axis == 0 ? [across.1, along.1, vertical.1] : [along.1, across.1, vertical.1]
            recesses.append(RecessPrimitive(wallAxis: axis, wallSide: farSide, rectangleLower: [along.0, vertical.0],
                                            rectangleUpper: [along.1, vertical.1], lower: lower, upper: upper,
                                            backMaterial: index[opening.material]!, sideMaterial: wallMaterial))
        }
        for item in scene.furniture {
            let bounds = FurnitureGeometry(item).footprintBounds
            let lower = SIMD3<Float>(Float(bounds.lower.x), Float(bounds.lower.y), Float(item.bottom))
            let upper = SIMD3<Float>(Float(bounds.upper.x), Float(bounds.upper.y), Float(item.bottom + item.size.z))
            switch item.shape {
            case .box:
                let yaw = item.yawDegrees * .pi / 180
                boxes.append(BoxPrimitive(
                    center: [Float(item.center.x), Float(item.center.y), Float(item.bottom + item.size.z / 2)],
                    halfSize: SIMD3<Float>(item.size) / 2, cosine: Float(cos(yaw)), sine: Float(sin(yaw)),
                    lower: lower, upper: upper, material: index[item.material]!))
            case .cylinder:
                cylinders.append(CylinderPrimitive(
                    center: [Float(item.center.x), Float(item.center.y)], radius: Float(item.size.x / 2),
                    bottom: Float(item.bottom), top: Float(item.bottom + item.size.z),
                    lower: lower, upper: upper, material: index[item.material]!))
            }
        }
    }
}

extension SceneGeometry {
    /// Whether the ray meets the box `[lower, upper]` before `limit`.
    @inline(__always)
    static func meetsBounds(origin: SIMD3<Float>, inverse: SIMD3<Float>, lower: SIMD3<Float>, upper: SIMD3<Float>, limit: Float) -> Bool {
        let t1 = (lower - origin) * inverse, t2 = (upper - origin) * inverse
        let near = pointwiseMin(t1, t2).max(), far = pointwiseMax(t1, t2).min()
        return near <= far && far > 0 && near < limit
    }

    /// The mean distance from each camera of `worldFromCamera` along its optical axis (+z) to the
    /// nearest surface: how far a walk's views reach.
    func meanReach(of worldFromCamera: [RigidTransform]) -> Double {
        var reach = 0.0
        boxes.withUnsafeBufferPointer { boxes in
        cylinders.withUnsafeBufferPointer { cylinders in
        recesses.withUnsafeBufferPointer { recesses in
            for pose in worldFromCamera {
                let hit = trace(origin: SIMD3<Float>(pose.translation), direction: SIMD3<Float>(pose.rotation.column(2)),
                                boxes: boxes, cylinders: cylinders, recesses: recesses)
                reach += Double(hit.t) / Double(worldFromCamera.count)
            }
        }}}
        return reach
    }

    /// The nearest surface along `origin + t · direction` (`origin` inside the room, where the
    /// camera always is, so every ray ends on the shell at the latest).
    @inline(__always)
    func trace(origin: SIMD3<Float>, direction: SIMD3<Float>, boxes: UnsafeBufferPointer<BoxPrimitive>,
               cylinders: UnsafeBufferPointer<CylinderPrimitive>, recesses: UnsafeBufferPointer<RecessPrimitive>) -> SurfaceHit {
        let inverse = 1 / direction
        var hit = traceShell(origin: origin, direction: direction, inverse: inverse, recesses: recesses)
        for box in boxes where Self.meetsBounds(origin: origin, inverse: inverse, lower: box.lower, upper: box.upper, limit: hit.t) {
            let localOrigin = box.toLocal(origin - box.center), localDirection = box.toLocal(direction)
            let localInverse = 1 / localDirection
            let t1 = (-box.halfSize - localOrigin) * localInverse, t2 = (box.halfSize - localOrigin) * localInverse
            let nearAxes = pointwiseMin(t1, t2)
            let near = nearAxes.max(), far = pointwiseMax(t1, t2).min()
            guard near <= far, near > 1e-4, near < hit.t else { continue }
            let axis = nearAxes.x == near ? 0 : (nearAxes.y == near ? 1 : 2)
            var normal = SIMD3<Float>.zero
            normal[axis] = localDirection[axis] > 0 ? -1 : 1
            let local = localOrigin + near * localDirection + box.halfSize
            let size = 2 * box.halfSize
            let (uv, faceSize): (SIMD2<Float>, SIMD2<Float>) = switch axis {
            case 0: ([local.y, local.z], [size.y, size.z])
            case 1: ([local.x, local.z], [size.x, size.z])
            default: ([local.x, local.y], [size.x, size.y])
            }
            hit = SurfaceHit(t: near, normal: box.toWorld(normal), uv: uv, faceSize: faceSize, material: box.material)
        }
        for cylinder in cylinders where Self.meetsBounds(origin: origin, inverse: inverse, lower: cylinder.lower, upper: cylinder.upper, limit: hit.t) {
            let offset = SIMD2(origin.x - cylinder.center.x, origin.y - cylinder.center.y)
            let flat = SIMD2(direction.x, direction.y)
            let a = (flat * flat).sum(), b = (offset * flat).sum(), c = (offset * offset).sum() - cylinder.radius * cylinder.radius
            let discriminant = b * b - a * c
            if a > 0, discriminant >= 0 {
                let t = (-b - discriminant.squareRoot()) / a
                let z = origin.z + t * direction.z
                if t > 1e-4, t < hit.t, z >= cylinder.bottom, z <= cylinder.top {
                    let point = offset + t * flat
                    let angle = atan2f(point.y, point.x) + .pi
                    hit = SurfaceHit(t: t, normal: [point.x / cylinder.radius, point.y / cylinder.radius, 0],
                                     uv: [angle * cylinder.radius, z - cylinder.bottom],
                                     faceSize: [2 * .pi * cylinder.radius, cylinder.top - cylinder.bottom], material: cylinder.material)
                    continue
                }
            }
            let above = origin.z > cylinder.top, below = origin.z < cylinder.bottom
            guard above || below else { continue }
            let t = ((above ? cylinder.top : cylinder.bottom) - origin.z) * inverse.z
            let point = offset + t * flat
            guard t > 1e-4, t < hit.t, (point * point).sum() <= cylinder.radius * cylinder.radius else { continue }
            hit = SurfaceHit(t: t, normal: [0, 0, above ? 1 : -1], uv: point + cylinder.radius,
                             faceSize: SIMD2(repeating: 2 * cylinder.radius), material: cylinder.material)
        }
        return hit
    }

    /// Where a ray from inside the room leaves it: floor, ceiling, a wall, or the inside of a
    /// door or window recess.
    @inline(__always)
    private func traceShell(origin: SIMD3<Float>, direction: SIMD3<Float>, inverse: SIMD3<Float>,
                            recesses: UnsafeBufferPointer<RecessPrimitive>) -> SurfaceHit {
        let bound = SIMD3<Float>(inverse.x > 0 ? roomSize.x : 0, inverse.y > 0 ? roomSize.y : 0, inverse.z > 0 ? roomSize.z : 0)
        let exits = (bound - origin) * inverse
        let t = exits.min()
        let point = origin + t * direction
        if exits.z == t {
            let up = inverse.z > 0
            return SurfaceHit(t: t, normal: [0, 0, up ? -1 : 1], uv: [point.x, point.y], faceSize: [roomSize.x, roomSize.y],
                              material: up ? ceilingMaterial : floorMaterial)
        }
        let axis = exits.x == t ? 0 : 1
        let farSide = inverse[axis] > 0
        let along = point[1 - axis]
        for recess in recesses where recess.wallAxis == axis && recess.wallSide == farSide
            && along >= recess.rectangleLower.x && along <= recess.rectangleUpper.x
            && point.z >= recess.rectangleLower.y && point.z <= recess.rectangleUpper.y {
            let far = (SIMD3<Float>(inverse.x > 0 ? recess.upper.x : recess.lower.x, inverse.y > 0 ? recess.upper.y : recess.lower.y,
                                    inverse.z > 0 ? recess.upper.z : recess.lower.z) - origin) * inverse
            let exit = far.min()
            let inside = origin + exit * direction
            let exitAxis = far.x == exit ? 0 : (far.y == exit ? 1 : 2)
            var normal = SIMD3<Float>.zero
            normal[exitAxis] = inverse[exitAxis] > 0 ? -1 : 1
            let relative = inside - recess.lower, size = recess.upper - recess.lower
            if exitAxis == axis {
                return SurfaceHit(t: exit, normal: normal, uv: [relative[1 - axis], relative.z], faceSize: [size[1 - axis], size.z],
                                  material: recess.backMaterial)
            }
            let (uv, faceSize): (SIMD2<Float>, SIMD2<Float>) = exitAxis == 2
                ? ([relative.x, relative.y], [size.x, size.y]) : ([relative[axis], relative.z], [size[axis], size.z])
            return SurfaceHit(t: exit, normal: normal, uv: uv, faceSize: faceSize, material: recess.sideMaterial)
        }
        var normal = SIMD3<Float>.zero
        normal[axis] = farSide ? -1 : 1
        return SurfaceHit(t: t, normal: normal, uv: [along, point.z], faceSize: [roomSize[1 - axis], roomSize.z], material: wallMaterial)
    }

    /// Whether furniture blocks the segment `origin + t · direction`, `0 < t < 1` (a shadow ray;
    /// the convex shell never blocks it).
    @inline(__always)
    func isBlocked(origin: SIMD3<Float>, direction: SIMD3<Float>, boxes: UnsafeBufferPointer<BoxPrimitive>,
                   cylinders: UnsafeBufferPointer<CylinderPrimitive>) -> Bool {
        let inverse = 1 / direction
        for box in boxes where Self.meetsBounds(origin: origin, inverse: inverse, lower: box.lower, upper: box.upper, limit: 1) {
            let localOrigin = box.toLocal(origin - box.center), localInverse = 1 / box.toLocal(direction)
            let t1 = (-box.halfSize - localOrigin) * localInverse, t2 = (box.halfSize - localOrigin) * localInverse
            let near = pointwiseMin(t1, t2).max(), far = pointwiseMax(t1, t2).min()
            if near <= far, far > 1e-4, near < 1 { return true }
        }
        for cylinder in cylinders where Self.meetsBounds(origin: origin, inverse: inverse, lower: cylinder.lower, upper: cylinder.upper, limit: 1) {
            // Clip the segment to the cylinder's height range, then test the disc in the plane.
            var enter: Float = 0, leave: Float = 1
            if direction.z != 0 {
                let a = (cylinder.bottom - origin.z) * inverse.z, b = (cylinder.top - origin.z) * inverse.z
                enter = max(enter, min(a, b)); leave = min(leave, max(a, b))
            } else if origin.z < cylinder.bottom || origin.z > cylinder.top { continue }
            guard enter < leave else { continue }
            let offset = SIMD2(origin.x - cylinder.center.x, origin.y - cylinder.center.y)
            let flat = SIMD2(direction.x, direction.y)
            let a = (flat * flat).sum(), b = (offset * flat).sum(), c = (offset * offset).sum() - cylinder.radius * cylinder.radius
            if a == 0 { if c <= 0 { return true } else { continue } }
            let discriminant = b * b - a * c
            guard discriminant >= 0 else { continue }
            let root = discriminant.squareRoot()
            if max(enter, (-b - root) / a) < min(leave, (-b + root) / a) { return true }
        }
        return false
    }
}
