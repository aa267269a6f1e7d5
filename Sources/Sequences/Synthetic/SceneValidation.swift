import Foundation

extension Scene {
    /// The least distance (m) the camera must keep from walls, floor, ceiling and furniture.
    public static let requiredClearance = 0.3

    /// Checks everything the JSON types cannot: known material names, positive sizes, furniture
    /// and openings inside the room, a walkable camera loop that keeps ``requiredClearance``.
    /// `file` labels the errors.
    public func validate(file: String) throws {
        func fail(_ path: String, _ problem: String) -> SceneError { SceneError(file: file, path: path, problem: problem) }
        func checkMaterial(_ name: String, _ path: String) throws {
            guard materials[name] == nil else { return }
            throw fail(path, "unknown material \"\(name)\" (known: \(materials.keys.sorted().joined(separator: ", ")))")
        }
        func checkColor(_ color: SIMD3<Double>, _ path: String) throws {
            guard (0...1).contains(color.min()) && (0...1).contains(color.max()) else {
                throw fail(path, "colour components must lie in [0, 1], got \(color)")
            }
        }

        for (name, material) in materials.sorted(by: { $0.key < $1.key }) {
            try checkColor(material.color, "materials.\(name).color")
            try checkColor(material.secondaryColor, "materials.\(name).secondaryColor")
            guard material.scale > 0 else { throw fail("materials.\(name).scale", "must be positive, got \(material.scale)") }
            guard material.emission >= 0 else { throw fail("materials.\(name).emission", "must not be negative, got \(material.emission)") }
        }

        for (key, value) in [("width", room.width), ("depth", room.depth), ("height", room.height)] where !(1...30).contains(value) {
            throw fail("room.\(key)", "must lie in 1–30 m, got \(value)")
        }
        try checkMaterial(room.floor, "room.floor")
        try checkMaterial(room.walls, "room.walls")
        try checkMaterial(room.ceiling, "room.ceiling")
        for (index, opening) in room.openings.enumerated() {
            let path = "room.openings[\(index)]"
            try checkMaterial(opening.material, path + ".material")
            let wallLength = opening.wall == .south || opening.wall == .north ? room.width : room.depth
            guard opening.width > 0, opening.height > 0, opening.depth > 0, opening.bottom >= 0 else {
                throw fail(path, "width, height and depth must be positive and bottom not negative")
            }
            guard opening.center - opening.width / 2 >= 0, opening.center + opening.width / 2 <= wallLength,
                  opening.bottom + opening.height <= room.height else {
                throw fail(path, "does not fit in the \(opening.wall.rawValue) wall (\(wallLength) m long, \(room.height) m high)")
            }
        }

        for (index, item) in furniture.enumerated() {
            let path = "furniture[\(index)]"
            try checkMaterial(item.material, path + ".material")
            guard item.size.min() > 0 else { throw fail(path + ".size", "\"\(item.name)\": sizes must be positive, got \(item.size)") }
            guard item.bottom >= 0 else { throw fail(path + ".bottom", "\"\(item.name)\": must not be negative, got \(item.bottom)") }
            if item.shape == .cylinder && item.size.x != item.size.y {
                throw fail(path + ".size", "\"\(item.name)\": a cylinder's size is [diameter, diameter, height], got \(item.size)")
            }
            let bounds = FurnitureGeometry(item).footprintBounds
            let tolerance = 1e-6
            guard bounds.lower.x >= -tolerance, bounds.lower.y >= -tolerance, bounds.upper.x <= room.width + tolerance,
                  bounds.upper.y <= room.depth + tolerance, item.bottom + item.size.z <= room.height + tolerance else {
                throw fail(path, "\"\(item.name)\" extends outside the \(room.width) × \(room.depth) × \(room.height) m room")
            }
        }

        for (index, light) in lights.points.enumerated() {
            try checkColor(light.color, "lights.points[\(index)].color")
            guard light.intensity >= 0 else { throw fail("lights.points[\(index)].intensity", "must not be negative") }
            let position = light.position
            guard position.x > 0, position.y > 0, position.z > 0, position.x < room.width, position.y < room.depth, position.z < room.height else {
                throw fail("lights.points[\(index)].position", "must lie inside the room, got \(position)")
            }
            if let inside = furniture.firstIndex(where: { FurnitureGeometry($0).distance(to: position) <= 0 }) {
                throw fail("lights.points[\(index)].position", "is inside furniture[\(inside)] \"\(furniture[inside].name)\"")
            }
        }
        guard lights.ambient.min() >= 0 else { throw fail("lights.ambient", "must not be negative, got \(lights.ambient)") }

        guard fps > 0 else { throw fail("fps", "must be positive, got \(fps)") }
        guard camera.waypoints.count >= 3 else { throw fail("camera.waypoints", "needs at least 3 points for a closed loop, got \(camera.waypoints.count)") }
        guard (0.2...0.6).contains(camera.speed) else { throw fail("camera.speed", "must lie in 0.2–0.6 m/s, got \(camera.speed)") }
        guard (1.2...1.7).contains(camera.eyeHeight) else { throw fail("camera.eyeHeight", "must lie in 1.2–1.7 m, got \(camera.eyeHeight)") }
        guard camera.yawSweepPeriod > 0 else { throw fail("camera.yawSweepPeriod", "must be positive, got \(camera.yawSweepPeriod)") }
        let clearance = minimumClearance()
        guard clearance.distance >= Scene.requiredClearance else {
            throw fail("camera.waypoints", "the camera path comes within \(String(format: "%.2f", clearance.distance)) m of \(clearance.obstacle) "
                       + "at (\(String(format: "%.2f, %.2f", clearance.position.x, clearance.position.y))); keep \(Scene.requiredClearance) m")
        }
    }
}
