import Foundation
import Geometry

/// Seeded random rooms for training: sizes 3–7 m, furniture against the walls and in the
/// middle, posters, door and windows, textured materials, lights and a walk that keeps clear of
/// everything. `room(i)` is a pure function of the seed and `i`, so the variety is unbounded and
/// every room can be rebuilt from two numbers.
public struct RoomGenerator: Sendable {
    /// Where the camera of a room's walk looks, relative to the direction it walks.
    public enum LookDirection: String, Codable, Sendable {
        /// Forward, left or right, whichever sees farthest on average: mostly across the room
        /// while the walk circles it, so that sideways motion and turning go together.
        case farthestView
        /// Forward, left or right at random (among those seeing at least
        /// ``RoomGenerator/minimumRandomReach`` on average): sideways motion and turning are
        /// then independent, which the pose network needs to tell them apart.
        case random
        /// As ``farthestView`` in two rooms of three; in the third, forward, left or right,
        /// whichever sees *nearest* on average (among those seeing at least
        /// ``RoomGenerator/minimumCloseReach``): a wardrobe, a shelf or a wall filling much of the
        /// view from one to two metres, as people film while they walk past furniture. The farthest
        /// view alone almost never shows a large surface close up.
        case sometimesNearestView
    }

    /// The colours furniture materials are drawn from.
    public enum FurniturePalette: String, Codable, Sendable {
        /// Muted colours around a mid brown-grey (no piece lighter than about 0.85 in any
        /// channel): the rooms every model up to the twenty-fourth session trained on.
        case muted
        /// A third of the non-wood furniture materials light (white, cream, pale grey, pale
        /// blue) instead, as bedding, whiteboards, tablecloths and kitchen fronts often are:
        /// with muted furniture only, every bright surface is a wall, which teaches that bright
        /// means far.
        case withLightColours
    }

    /// The seed of the whole family of rooms.
    public let seed: UInt64
    /// How each room's walk chooses where to look.
    public let lookDirection: LookDirection
    /// The colours of the furniture.
    public let furniturePalette: FurniturePalette

    /// Average distance (m) a randomly chosen look direction must see along the optical axis.
    public static let minimumRandomReach = 1.0

    /// Average distance (m) a nearest view (``LookDirection/sometimesNearestView``) must see
    /// along the optical axis, so that it does not stare at a surface for the whole walk.
    public static let minimumCloseReach = 0.6

    /// A generator for the family of rooms fixed by `seed`, `lookDirection` and
    /// `furniturePalette` (the muted palette draws exactly the rooms it always drew).
    public init(seed: UInt64, lookDirection: LookDirection = .farthestView, furniturePalette: FurniturePalette = .muted) {
        self.seed = seed; self.lookDirection = lookDirection; self.furniturePalette = furniturePalette
    }

    /// Room number `index` of this generator's family (valid: ``Scene/validate(file:)`` passes).
    public func room(_ index: Int) -> Scene {
        var random = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        _ = random.next()
        var builder = RoomBuilder(random: random, lookDirection: lookDirection, furniturePalette: furniturePalette)
        return builder.build(name: "room_\(String(format: "%03d", index))")
    }
}

/// The steps of building one random room, sharing one random stream.
private struct RoomBuilder {
    var random: SplitMix64
    var materials: [String: Material] = [:]
    var furniture: [Furniture] = []
    var width = 0.0, depth = 0.0, height = 0.0
    var openings: [Opening] = []
    let lookDirection: RoomGenerator.LookDirection
    let furniturePalette: RoomGenerator.FurniturePalette

    init(random: SplitMix64, lookDirection: RoomGenerator.LookDirection, furniturePalette: RoomGenerator.FurniturePalette) {
        self.random = random; self.lookDirection = lookDirection; self.furniturePalette = furniturePalette
    }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &random) }
    mutating func chance(_ probability: Double) -> Bool { uniform(0...1) < probability }
    mutating func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &random)] }
    mutating func nextSeed() -> UInt64 { random.next() }

    /// A colour near `base` (each component moved by up to `spread`).
    mutating func color(near base: SIMD3<Double>, spread: Double) -> SIMD3<Double> {
        let moved = base + SIMD3(uniform(-spread...spread), uniform(-spread...spread), uniform(-spread...spread))
        return pointwiseMin(pointwiseMax(moved, .zero), SIMD3(repeating: 1))
    }

    mutating func addMaterial(_ name: String, _ pattern: Material.Pattern, _ color: SIMD3<Double>, _ secondary: SIMD3<Double>,
                              scale: Double, emission: Double = 0) -> String {
        materials[name] = Material(pattern: pattern, color: color, secondaryColor: secondary, scale: scale, seed: nextSeed(), emission: emission)
        return name
    }

    mutating func build(name: String) -> Scene {
        width = uniform(3...7); depth = uniform(3...7); height = uniform(2.4...3.0)
        let floor = makeFloorMaterial(), walls = makeWallMaterial()
        let ceiling = addMaterial("ceiling", chance(0.5) ? .plaster : .plain, color(near: [0.92, 0.91, 0.88], spread: 0.04),
                                  color(near: [0.82, 0.81, 0.78], spread: 0.04), scale: uniform(0.2...0.6))
        makeOpenings()
        let furnitureMaterials = (0..<Int.random(in: 3...5, using: &random)).map { makeFurnitureMaterial(index: $0) }
        placeFurniture(materials: furnitureMaterials)
        placePosters()
        let lights = makeLights()
        let room = Room(width: width, depth: depth, height: height, floor: floor, walls: walls, ceiling: ceiling, openings: openings)
        var scene = Scene(name: name, room: room, materials: materials, furniture: furniture, lights: lights,
                          camera: CameraWalk(waypoints: [], eyeHeight: uniform(1.25...1.65), speed: uniform(0.2...0.6),
                                             yawSweepDegrees: uniform(5...35), yawSweepPeriod: uniform(4...10),
                                             lookOffsetDegrees: 0, pitchDegrees: uniform(-15...0),
                                             pitchJitterDegrees: uniform(0.5...2.5), rollJitterDegrees: uniform(0.3...2), seed: nextSeed()),
                          fps: 10)
        findWalk(&scene)
        return scene
    }

    mutating func makeFloorMaterial() -> String {
        switch Int.random(in: 0..<4, using: &random) {
        case 0, 1:
            let base = color(near: pick([[0.55, 0.38, 0.22], [0.72, 0.58, 0.40], [0.38, 0.26, 0.16], [0.80, 0.70, 0.55]]), spread: 0.05)
            return addMaterial("floor", .wood, base, base * uniform(0.55...0.75), scale: uniform(0.1...0.22))
        case 2:
            let base = color(near: pick([[0.85, 0.84, 0.80], [0.55, 0.57, 0.60], [0.75, 0.65, 0.55], [0.30, 0.32, 0.35]]), spread: 0.05)
            return addMaterial("floor", .tiles, base, color(near: [0.5, 0.5, 0.48], spread: 0.15), scale: uniform(0.25...0.6))
        default:
            let base = color(near: pick([[0.45, 0.40, 0.36], [0.30, 0.35, 0.45], [0.55, 0.30, 0.28], [0.60, 0.58, 0.52]]), spread: 0.06)
            return addMaterial("floor", .carpet, base, base * uniform(0.5...0.8), scale: uniform(0.01...0.03))
        }
    }

    mutating func makeWallMaterial() -> String {
        let base = color(near: pick([[0.90, 0.88, 0.83], [0.80, 0.85, 0.88], [0.88, 0.82, 0.72], [0.75, 0.80, 0.70], [0.93, 0.93, 0.93]]), spread: 0.05)
        switch Int.random(in: 0..<10, using: &random) {
        case 0...4: return addMaterial("walls", .plaster, base, base * uniform(0.8...0.9), scale: uniform(0.15...0.5))
        case 5: return addMaterial("walls", .plain, base, base, scale: 1)
        case 6, 7: return addMaterial("walls", .stripes, base, color(near: base * 0.8, spread: 0.1), scale: uniform(0.08...0.3))
        case 8: return addMaterial("walls", .dots, base, color(near: base * 0.7, spread: 0.15), scale: uniform(0.08...0.2))
        default: return addMaterial("walls", .checks, base, color(near: base * 0.85, spread: 0.08), scale: uniform(0.1...0.3))
        }
    }

    mutating func makeFurnitureMaterial(index: Int) -> String {
        let name = "furniture_\(index)"
        var base = color(near: [0.5, 0.45, 0.4], spread: 0.35)
        if furniturePalette == .withLightColours && chance(1.0 / 3) {
            base = color(near: pick([[0.93, 0.93, 0.91], [0.91, 0.87, 0.78], [0.80, 0.82, 0.88], [0.80, 0.80, 0.78]]), spread: 0.04)
        }
        switch Int.random(in: 0..<7, using: &random) {
        case 0, 1:
            let wood = color(near: pick([[0.6, 0.42, 0.25], [0.75, 0.62, 0.45], [0.35, 0.22, 0.14]]), spread: 0.05)
            return addMaterial(name, .wood, wood, wood * 0.6, scale: uniform(0.06...0.15))
        case 2, 3: return addMaterial(name, .fabric, base, base * uniform(0.5...0.8), scale: uniform(0.004...0.01))
        case 4: return addMaterial(name, .plain, base, base, scale: 1)
        case 5: return addMaterial(name, .checks, base, color(near: base * 0.6, spread: 0.2), scale: uniform(0.05...0.12))
        default: return addMaterial(name, .stripes, base, color(near: [0.85, 0.85, 0.8], spread: 0.1), scale: uniform(0.05...0.15))
        }
    }

    /// The wall's length and whether a centred interval `[center ± half]` along it is free of
    /// openings.
    func wallLength(_ wall: Wall) -> Double { wall == .south || wall == .north ? width : depth }

    func isFree(_ wall: Wall, center: Double, halfWidth: Double, bottom: Double, top: Double) -> Bool {
        openings.allSatisfy { opening in
            opening.wall != wall || abs(opening.center - center) > opening.width / 2 + halfWidth + 0.1
                || bottom > opening.bottom + opening.height || top < opening.bottom
        }
    }

    mutating func makeOpenings() {
        let doorWall = pick(Wall.allCases)
        let doorMaterial = chance(0.5)
            ? addMaterial("door", .wood, color(near: [0.6, 0.45, 0.3], spread: 0.1), [0.35, 0.25, 0.15], scale: uniform(0.1...0.2))
            : addMaterial("door", .plain, color(near: [0.85, 0.85, 0.82], spread: 0.05), [0.6, 0.6, 0.6], scale: 1)
        let doorWidth = uniform(0.8...1.0)
        openings.append(Opening(kind: .door, wall: doorWall, center: uniform((doorWidth / 2 + 0.2)...(wallLength(doorWall) - doorWidth / 2 - 0.2)),
                                width: doorWidth, bottom: 0, height: min(uniform(2.0...2.15), height - 0.2), depth: 0.15, material: doorMaterial))
        let window = addMaterial("window", .window, color(near: [0.72, 0.82, 0.92], spread: 0.05), color(near: [0.3, 0.5, 0.82], spread: 0.08),
                                 scale: 1, emission: uniform(0.4...0.7))
        for _ in 0..<Int.random(in: 0...2, using: &random) {
            let wall = pick(Wall.allCases), windowWidth = uniform(0.8...1.6), bottom = uniform(0.8...1.0)
            let windowHeight = min(uniform(1.0...1.4), height - bottom - 0.25)
            guard wallLength(wall) > windowWidth + 0.6 else { continue }
            let center = uniform((windowWidth / 2 + 0.3)...(wallLength(wall) - windowWidth / 2 - 0.3))
            guard isFree(wall, center: center, halfWidth: windowWidth / 2, bottom: bottom, top: bottom + windowHeight) else { continue }
            openings.append(Opening(kind: .window, wall: wall, center: center, width: windowWidth, bottom: bottom,
                                    height: windowHeight, depth: uniform(0.2...0.3), material: window))
        }
    }

    /// Kinds of furniture: name, shape, size ranges (x, y, z), whether it stands against a wall.
    static let catalogue: [(String, Furniture.Shape, ClosedRange<Double>, ClosedRange<Double>, ClosedRange<Double>, Bool)] = [
        ("sofa", .box, 1.6...2.2, 0.8...0.95, 0.75...0.9, true),
        ("bed", .box, 1.4...2.0, 1.9...2.1, 0.45...0.6, true),
        ("shelf", .box, 0.8...1.6, 0.35...0.5, 1.6...2.2, true),
        ("cabinet", .box, 0.6...1.2, 0.4...0.6, 0.7...1.0, true),
        ("desk", .box, 1.0...1.6, 0.6...0.8, 0.72...0.76, true),
        ("table", .box, 0.8...1.6, 0.7...1.0, 0.72...0.76, false),
        ("armchair", .box, 0.7...0.9, 0.7...0.9, 0.7...0.9, false),
        ("round table", .cylinder, 0.6...1.0, 0...0, 0.7...0.76, false),
        ("floor lamp", .cylinder, 0.25...0.4, 0...0, 1.3...1.7, false),
        ("plant pot", .cylinder, 0.3...0.5, 0...0, 0.4...0.9, false),
        ("rug", .box, 1.2...2.4, 0.8...1.8, 0.01...0.01, false),
    ]

    /// Whether `item`'s footprint keeps 5 cm from every other piece (rugs only from rugs) and
    /// leaves a metre in front of the door.
    func fits(_ item: Furniture) -> Bool {
        let bounds = FurnitureGeometry(item).footprintBounds
        guard bounds.lower.x >= 0, bounds.lower.y >= 0, bounds.upper.x <= width, bounds.upper.y <= depth,
              item.bottom + item.size.z <= height - 0.3 else { return false }
        let isRug = item.size.z < 0.05
        for other in furniture where (other.size.z < 0.05) == isRug {
            let otherBounds = FurnitureGeometry(other).footprintBounds
            if bounds.lower.x < otherBounds.upper.x + 0.05 && otherBounds.lower.x < bounds.upper.x + 0.05
                && bounds.lower.y < otherBounds.upper.y + 0.05 && otherBounds.lower.y < bounds.upper.y + 0.05 { return false }
        }
        guard !isRug, let door = openings.first(where: { $0.kind == .door }) else { return true }
        let (doorLower, doorUpper): (SIMD2<Double>, SIMD2<Double>) = switch door.wall {
        case .south: ([door.center - door.width / 2, 0], [door.center + door.width / 2, 1])
        case .north: ([door.center - door.width / 2, depth - 1], [door.center + door.width / 2, depth])
        case .west: ([0, door.center - door.width / 2], [1, door.center + door.width / 2])
        case .east: ([width - 1, door.center - door.width / 2], [width, door.center + door.width / 2])
        }
        return !(bounds.lower.x < doorUpper.x && doorLower.x < bounds.upper.x && bounds.lower.y < doorUpper.y && doorLower.y < bounds.upper.y)
    }

    mutating func placeFurniture(materials furnitureMaterials: [String]) {
        let count = Int.random(in: 3...9, using: &random)
        for _ in 0..<count {
            let (name, shape, xRange, yRange, zRange, againstWall) = pick(Self.catalogue)
            let x = uniform(xRange), z = uniform(zRange)
            let size: SIMD3<Double> = shape == .cylinder ? [x, x, z] : [x, uniform(yRange), z]
            let material = name == "rug" ? addMaterial("rug_\(furniture.count)", chance(0.5) ? .carpet : .checks,
                                                       color(near: [0.5, 0.4, 0.35], spread: 0.3), color(near: [0.3, 0.3, 0.3], spread: 0.2),
                                                       scale: uniform(0.02...0.1))
                                           : pick(furnitureMaterials)
            for _ in 0..<20 {
                var item = Furniture(name: name, shape: shape, center: .zero, bottom: 0, size: size, material: material)
                if againstWall {
                    let wall = pick(Wall.allCases)
                    let along = uniform(0...wallLength(wall)), gap = size.y / 2 + 0.02
                    (item.center, item.yawDegrees) = switch wall {
                    case .south: ([along, gap], 0)
                    case .north: ([along, depth - gap], 180)
                    case .west: ([gap, along], -90)
                    case .east: ([width - gap, along], 90)
                    }
                } else {
                    item.center = [uniform(0.3...(width - 0.3)), uniform(0.3...(depth - 0.3))]
                    item.yawDegrees = shape == .cylinder ? 0 : uniform(-45...45)
                }
                if fits(item) { furniture.append(item); break }
            }
        }
    }

    mutating func placePosters() {
        for index in 0..<Int.random(in: 0...3, using: &random) {
            let posterWidth = uniform(0.4...1.0), posterHeight = uniform(0.4...1.0)
            let bottom = uniform(1.0...max(1.0, height - posterHeight - 0.25))
            let material = addMaterial("poster_\(index)", .poster, color(near: [0.7, 0.7, 0.7], spread: 0.3),
                                       color(near: [0.15, 0.15, 0.15], spread: 0.1), scale: 0.03)
            for _ in 0..<20 {
                let wall = pick(Wall.allCases)
                let along = uniform((posterWidth / 2 + 0.1)...max(posterWidth / 2 + 0.1, wallLength(wall) - posterWidth / 2 - 0.1))
                guard isFree(wall, center: along, halfWidth: posterWidth / 2, bottom: bottom, top: bottom + posterHeight) else { continue }
                var item = Furniture(name: "poster", shape: .box, center: .zero, bottom: bottom,
                                     size: [posterWidth, 0.02, posterHeight], material: material)
                (item.center, item.yawDegrees) = switch wall {
                case .south: ([along, 0.01], 0)
                case .north: ([along, depth - 0.01], 180)
                case .west: ([0.01, along], -90)
                case .east: ([width - 0.01, along], 90)
                }
                item.size.z = min(item.size.z, height - 0.3 - bottom)
                if item.size.z > 0.2, fits(item) { furniture.append(item); break }
            }
        }
    }

    mutating func makeLights() -> Lighting {
        let ambient = color(near: [0.4, 0.4, 0.4], spread: 0.015) * uniform(0.75...1.0)
        // The hand-written scenes' total of about 5 looks right; split it over the lights.
        let count = Int.random(in: 1...3, using: &random), total = uniform(3.5...6)
        let points = (0..<count).map { _ in
            PointLight(position: [uniform(0.5...(width - 0.5)), uniform(0.5...(depth - 0.5)), height - uniform(0.15...0.28)],
                       color: color(near: pick([[1.0, 0.92, 0.8], [0.95, 0.97, 1.0], [1.0, 0.85, 0.7]]), spread: 0.03),
                       intensity: total / Double(count) * uniform(0.8...1.2))
        }
        return Lighting(ambient: ambient, points: points)
    }

    /// Horizontal distance from `point` to the nearest piece of furniture that is not a rug or
    /// a poster (people walk around tables, not over them), and to the walls.
    func walkingClearance(_ point: SIMD2<Double>) -> Double {
        var best = min(min(point.x, width - point.x), min(point.y, depth - point.y))
        for item in furniture where item.size.z >= 0.05 {
            let geometry = FurnitureGeometry(item)
            best = min(best, geometry.distance(to: [point.x, point.y, item.bottom + item.size.z / 2]))
        }
        return best
    }

    /// Picks, among a forward, an inward and an outward look offset, the one whose views reach
    /// farthest on average along the optical axis (so that the camera does not stare at a nearby
    /// wall or wardrobe for seconds), and returns that average reach (m).
    mutating func chooseLookOffset(_ scene: inout Scene) -> Double {
        let (candidates, reaches) = lookCandidates(&scene)
        let farthest = Self.farthest(reaches)
        scene.camera.lookOffsetDegrees = candidates[farthest]
        return reaches[farthest]
    }

    /// Picks a forward, an inward or an outward look offset at random among those whose views
    /// reach ``RoomGenerator/minimumRandomReach`` on average (the farthest when none does).
    mutating func chooseRandomLookOffset(_ scene: inout Scene) {
        let (candidates, reaches) = lookCandidates(&scene)
        let open = reaches.indices.filter { reaches[$0] >= RoomGenerator.minimumRandomReach }
        let chosen = open.isEmpty ? Self.farthest(reaches) : pick(open)
        scene.camera.lookOffsetDegrees = candidates[chosen]
    }

    /// Picks a forward, an inward or an outward look offset, whichever sees nearest on average
    /// among those reaching ``RoomGenerator/minimumCloseReach`` (the farthest when none does).
    mutating func chooseNearestLookOffset(_ scene: inout Scene) {
        let (candidates, reaches) = lookCandidates(&scene)
        let open = reaches.indices.filter { reaches[$0] >= RoomGenerator.minimumCloseReach }
        let chosen = open.min { reaches[$0] < reaches[$1] } ?? Self.farthest(reaches)
        scene.camera.lookOffsetDegrees = candidates[chosen]
    }

    /// The index of the largest reach (the first of equals).
    static func farthest(_ reaches: [Double]) -> Int { reaches.indices.max { reaches[$0] < reaches[$1] }! }

    /// A forward, an inward and an outward look offset (degrees) and their average reaches (m).
    mutating func lookCandidates(_ scene: inout Scene) -> (offsets: [Double], reaches: [Double]) {
        let candidates = [uniform(-30...30), uniform(50...100), uniform(-100...(-50))]
        let geometry = SceneGeometry(scene: scene)
        return (candidates, candidates.map { averageReach(&scene, geometry: geometry, lookOffset: $0) })
    }

    /// The average distance the walk's views reach along the optical axis with `lookOffset`
    /// (which it leaves set in `scene`).
    func averageReach(_ scene: inout Scene, geometry: SceneGeometry, lookOffset: Double) -> Double {
        let loopSeconds = WalkPath(waypoints: scene.camera.waypoints).totalLength / scene.camera.speed
        scene.camera.lookOffsetDegrees = lookOffset
        return geometry.meanReach(of: scene.cameraPoses(frameCount: 48, fps: 48 / loopSeconds).map(\.worldFromCamera))
    }

    /// The point of a 10 cm grid farthest from walls and standing furniture.
    func freestPoint() -> SIMD2<Double> {
        var best = SIMD2(width / 2, depth / 2), bestClearance = -Double.infinity
        for x in stride(from: 0.5, through: width - 0.5, by: 0.1) {
            for y in stride(from: 0.5, through: depth - 0.5, by: 0.1) where walkingClearance([x, y]) > bestClearance {
                best = [x, y]; bestClearance = walkingClearance(best)
            }
        }
        return best
    }

    /// Chooses a counter-clockwise loop of waypoints, at least 3 m long, around the room centre or
    /// the freest point whose whole walk keeps clear, the one with the farthest views of up to
    /// four; drops
    /// the most central piece of furniture whenever no loop is found.
    mutating func findWalk(_ scene: inout Scene) {
        while true {
            let roomCentre = SIMD2(width / 2, depth / 2), freest = freestPoint()
            var best: (camera: CameraWalk, reach: Double)? = nil, successes = 0
            for attempt in 0..<60 {
                let count = Int.random(in: 4...6, using: &random)
                let start = uniform(0...(2 * .pi)), fill = uniform(0.2...0.9)
                let centre = attempt.isMultiple(of: 2) ? roomCentre : freest
                let waypoints: [SIMD2<Double>] = (0..<count).map { k in
                    let angle = start + 2 * .pi * (Double(k) + uniform(-0.25...0.25)) / Double(count)
                    let reach = fill * uniform(0.7...1.0)
                    let point = centre + SIMD2(cos(angle) * reach * (width / 2 - 0.6), sin(angle) * reach * (depth / 2 - 0.6))
                    return pointwiseMin(pointwiseMax(point, SIMD2(repeating: 0.5)), SIMD2(width - 0.5, depth - 0.5))
                }
                scene.camera.waypoints = waypoints
                let path = WalkPath(waypoints: waypoints)
                let steps = Int(path.totalLength / 0.05) + 1
                let walkable = (0..<steps).allSatisfy { step in
                    walkingClearance(path.sample(atArcLength: Double(step) * path.totalLength / Double(steps)).position) >= 0.4
                }
                if walkable, path.totalLength >= 3, scene.minimumClearance().distance >= Scene.requiredClearance {
                    let reach = chooseLookOffset(&scene)
                    if reach > best?.reach ?? -.infinity { best = (scene.camera, reach) }
                    successes += 1
                    if successes == 4 { break }
                }
            }
            if let best {
                scene.camera = best.camera
                if lookDirection == .random { chooseRandomLookOffset(&scene) }
                if lookDirection == .sometimesNearestView && chance(1.0 / 3) { chooseNearestLookOffset(&scene) }
                return
            }
            let centre = SIMD2(width / 2, depth / 2)
            let blocking = furniture.indices.filter { furniture[$0].size.z >= 0.05 && furniture[$0].name != "poster" }
            guard let central = blocking.min(by: { distance(furniture[$0].center, centre) < distance(furniture[$1].center, centre) }) else { return }
            furniture.remove(at: central)
            scene.furniture = furniture
        }
    }
}
