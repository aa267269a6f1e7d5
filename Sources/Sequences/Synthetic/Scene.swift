import Foundation

/// A synthetic indoor room: the JSON scene format of docs/scenes.md.
///
/// World frame: metres, z up, the floor at z = 0; the room's interior is the box
/// `[0, width] × [0, depth] × [0, height]`. The camera frame is x right, y down, z forward.
public struct Scene: Codable, Equatable, Sendable {
    /// A short name for reports.
    public var name: String
    /// The room shell: size, surface materials, door and window recesses.
    public var room: Room
    /// Materials by name; every surface names one.
    public var materials: [String: Material]
    /// Oriented boxes and vertical cylinders standing in the room (posters are thin boxes).
    public var furniture: [Furniture]
    /// Ambient and point lights.
    public var lights: Lighting
    /// How the camera walks through the room.
    public var camera: CameraWalk
    /// Frames per second of rendered sequences.
    public var fps: Double

    /// A scene from its parts.
    public init(name: String, room: Room, materials: [String: Material], furniture: [Furniture],
                lights: Lighting, camera: CameraWalk, fps: Double) {
        self.name = name; self.room = room; self.materials = materials; self.furniture = furniture
        self.lights = lights; self.camera = camera; self.fps = fps
    }
}

/// The room shell: an axis-aligned box with recesses cut into its walls.
public struct Room: Codable, Equatable, Sendable {
    /// Interior extent along x, y and z in metres.
    public var width: Double, depth: Double, height: Double
    /// Material names of the floor (z = 0), the four walls and the ceiling (z = height).
    public var floor: String, walls: String, ceiling: String
    /// Door and window recesses.
    public var openings: [Opening]

    /// A room from its parts.
    public init(width: Double, depth: Double, height: Double, floor: String, walls: String, ceiling: String,
                openings: [Opening]) {
        self.width = width; self.depth = depth; self.height = height
        self.floor = floor; self.walls = walls; self.ceiling = ceiling; self.openings = openings
    }
}

/// One of the four walls, named by compass direction: south is y = 0, north y = depth,
/// west x = 0, east x = width.
public enum Wall: String, Codable, Equatable, Sendable, CaseIterable {
    case south, north, west, east
}

/// A rectangular recess (a door or a window) cut into a wall; its sides take the wall material and
/// its back the opening's material.
public struct Opening: Codable, Equatable, Sendable {
    /// What the opening is: both render as recesses; the room generator keeps the floor in front
    /// of doors free.
    public enum Kind: String, Codable, Equatable, Sendable { case door, window }
    /// Door or window.
    public var kind: Kind
    /// The wall it is cut into.
    public var wall: Wall
    /// Position of the opening's centre along the wall, from the wall's low-coordinate end (m).
    public var center: Double
    /// Width along the wall, height of the sill above the floor, height of the opening (m).
    public var width: Double, bottom: Double, height: Double
    /// How far the recess goes into the wall (m).
    public var depth: Double
    /// Material name of the recess's back face.
    public var material: String

    /// An opening from its parts.
    public init(kind: Kind, wall: Wall, center: Double, width: Double, bottom: Double, height: Double,
                depth: Double, material: String) {
        self.kind = kind; self.wall = wall; self.center = center; self.width = width; self.bottom = bottom
        self.height = height; self.depth = depth; self.material = material
    }
}

/// A piece of furniture: an oriented box rotated about z, or a vertical cylinder.
public struct Furniture: Codable, Equatable, Sendable {
    /// The primitive's shape.
    public enum Shape: String, Codable, Equatable, Sendable { case box, cylinder }
    /// A label for messages ("sofa").
    public var name: String
    /// Box or cylinder.
    public var shape: Shape
    /// Centre of the footprint in the floor plane (m).
    public var center: SIMD2<Double>
    /// Height of the underside above the floor (m).
    public var bottom: Double
    /// Box: extent along its local x, local y and z. Cylinder: `[diameter, diameter, height]`.
    public var size: SIMD3<Double>
    /// Rotation about the vertical axis in degrees, counter-clockwise seen from above.
    public var yawDegrees: Double
    /// Material name of all its faces.
    public var material: String

    /// A piece of furniture from its parts.
    public init(name: String, shape: Shape, center: SIMD2<Double>, bottom: Double, size: SIMD3<Double>,
                yawDegrees: Double = 0, material: String) {
        self.name = name; self.shape = shape; self.center = center; self.bottom = bottom; self.size = size
        self.yawDegrees = yawDegrees; self.material = material
    }
}

/// A surface material: a procedural pattern mixing two colours (RGB in [0, 1]).
public struct Material: Codable, Equatable, Sendable {
    /// The procedural patterns (docs/scenes.md shows each).
    public enum Pattern: String, Codable, Equatable, Sendable, CaseIterable {
        case plain, plaster, wood, tiles, fabric, carpet, stripes, dots, checks, poster, window
    }
    /// Which pattern.
    public var pattern: Pattern
    /// Main colour and second colour (grain, grout, stripes, shapes, sky zenith).
    public var color: SIMD3<Double>, secondaryColor: SIMD3<Double>
    /// The pattern's feature size in metres (plank width, tile size, stripe period, noise scale).
    public var scale: Double
    /// Seeds the pattern's noise and shapes.
    public var seed: UInt64
    /// Light the surface emits, as a multiple of its colour (windows: about 1).
    public var emission: Double

    /// A material from its parts.
    public init(pattern: Pattern, color: SIMD3<Double>, secondaryColor: SIMD3<Double>, scale: Double,
                seed: UInt64 = 0, emission: Double = 0) {
        self.pattern = pattern; self.color = color; self.secondaryColor = secondaryColor; self.scale = scale
        self.seed = seed; self.emission = emission
    }
}

/// The lights: a constant ambient term plus point lights (Lambertian shading; furniture casts
/// hard shadows).
public struct Lighting: Codable, Equatable, Sendable {
    /// Ambient light colour times intensity.
    public var ambient: SIMD3<Double>
    /// Point lights.
    public var points: [PointLight]

    /// Lighting from its parts.
    public init(ambient: SIMD3<Double>, points: [PointLight]) { self.ambient = ambient; self.points = points }
}

/// A point light whose irradiance falls off as `intensity / (1 + distance²)`.
public struct PointLight: Codable, Equatable, Sendable {
    /// World position (m).
    public var position: SIMD3<Double>
    /// Colour (RGB) and strength.
    public var color: SIMD3<Double>, intensity: Double

    /// A light from its parts.
    public init(position: SIMD3<Double>, color: SIMD3<Double>, intensity: Double) {
        self.position = position; self.color = color; self.intensity = intensity
    }
}

/// A hand-held camera walk: a closed smooth loop through floor-plane waypoints, walked at
/// constant speed, looking along the walk direction turned by `lookOffsetDegrees`, with periodic
/// yaw sweeps and small pitch and roll jitter.
public struct CameraWalk: Codable, Equatable, Sendable {
    /// At least three floor-plane points (m); the loop closes from the last to the first.
    public var waypoints: [SIMD2<Double>]
    /// Camera height above the floor (m, 1.2–1.7).
    public var eyeHeight: Double
    /// Walking speed (m/s, 0.2–0.6).
    public var speed: Double
    /// Amplitude (degrees) and period (s) of the side-to-side yaw sweep.
    public var yawSweepDegrees: Double, yawSweepPeriod: Double
    /// Constant yaw added to the walking direction (degrees; 90 looks left of the walk).
    public var lookOffsetDegrees: Double
    /// Mean pitch (degrees, negative looks down) and amplitude of its jitter.
    public var pitchDegrees: Double, pitchJitterDegrees: Double
    /// Amplitude of the roll jitter (degrees).
    public var rollJitterDegrees: Double
    /// Seeds the jitter phases.
    public var seed: UInt64

    /// A walk from its parts.
    public init(waypoints: [SIMD2<Double>], eyeHeight: Double, speed: Double, yawSweepDegrees: Double,
                yawSweepPeriod: Double, lookOffsetDegrees: Double, pitchDegrees: Double,
                pitchJitterDegrees: Double, rollJitterDegrees: Double, seed: UInt64) {
        self.waypoints = waypoints; self.eyeHeight = eyeHeight; self.speed = speed
        self.yawSweepDegrees = yawSweepDegrees; self.yawSweepPeriod = yawSweepPeriod
        self.lookOffsetDegrees = lookOffsetDegrees; self.pitchDegrees = pitchDegrees
        self.pitchJitterDegrees = pitchJitterDegrees; self.rollJitterDegrees = rollJitterDegrees; self.seed = seed
    }
}
