import Foundation
import Geometry
import Imaging
import Parallelism

/// A CPU ray caster for ``Scene``s: Lambertian shading under ambient and point lights with hard
/// shadows cast by furniture, `supersampling²` colour samples per pixel, and exact depth from the
/// pixel-centre ray.
public struct SceneRenderer: Sendable {
    /// The scene being rendered.
    public let scene: Scene
    /// The camera.
    public let intrinsics: Intrinsics
    /// Colour samples per pixel along each axis.
    public let supersampling: Int
    private let geometry: SceneGeometry
    private let ambient: SIMD3<Float>
    private let lights: [(position: SIMD3<Float>, radiance: SIMD3<Float>)]

    /// A renderer for `scene` seen through `intrinsics`; the scene should be valid
    /// (``Scene/load(_:)`` and ``RoomGenerator`` give only valid scenes).
    public init(scene: Scene, intrinsics: Intrinsics, supersampling: Int = 2) {
        precondition(supersampling >= 1, "SceneRenderer: supersampling must be at least 1, got \(supersampling)")
        precondition(intrinsics.width > 0 && intrinsics.height > 0, "SceneRenderer: bad image size \(intrinsics.width)x\(intrinsics.height)")
        self.scene = scene; self.intrinsics = intrinsics; self.supersampling = supersampling
        geometry = SceneGeometry(scene: scene)
        ambient = SIMD3<Float>(scene.lights.ambient)
        lights = scene.lights.points.map { (SIMD3<Float>($0.position), SIMD3<Float>($0.color) * Float($0.intensity)) }
    }

    /// Renders the view of a camera at `worldFromCamera`: RGB in [0, 1] and depth in metres
    /// along the camera's z axis.
    public func render(worldFromCamera: RigidTransform) -> (image: Image, depth: DepthMap) {
        let width = intrinsics.width, height = intrinsics.height
        var pixels = [Float](repeating: 0, count: width * height * 3)
        var depths = [Float](repeating: 0, count: width * height)
        let rotation = worldFromCamera.rotation
        let columns = (SIMD3<Float>(rotation.column(0)), SIMD3<Float>(rotation.column(1)), SIMD3<Float>(rotation.column(2)))
        let origin = SIMD3<Float>(worldFromCamera.translation)
        let fx = Float(intrinsics.fx), fy = Float(intrinsics.fy), cx = Float(intrinsics.cx), cy = Float(intrinsics.cy)
        let samples = supersampling
        let sampleWeight = 1 / Float(samples * samples)
        let footprintScale = 1 / (fx * Float(samples))
        geometry.boxes.withUnsafeBufferPointer { boxes in
        geometry.cylinders.withUnsafeBufferPointer { cylinders in
        geometry.recesses.withUnsafeBufferPointer { recesses in
        geometry.materials.withUnsafeBufferPointer { materials in
        geometry.posterShapes.withUnsafeBufferPointer { shapes in
        lights.withUnsafeBufferPointer { lights in
        pixels.withUnsafeMutableBufferPointer { pixels in
        depths.withUnsafeMutableBufferPointer { depths in
            @inline(__always) func ray(_ x: Float, _ y: Float) -> SIMD3<Float> {
                columns.0 * ((x - cx) / fx) + columns.1 * ((y - cy) / fy) + columns.2
            }
            Parallel.concurrentPerform(height) { row in
                for column in 0..<width {
                    let centre = geometry.trace(origin: origin, direction: ray(Float(column), Float(row)),
                                                boxes: boxes, cylinders: cylinders, recesses: recesses)
                    depths[row * width + column] = centre.t
                    var color = SIMD3<Float>.zero
                    for sampleY in 0..<samples {
                        for sampleX in 0..<samples {
                            let direction = ray(Float(column) + (Float(sampleX) + 0.5) / Float(samples) - 0.5,
                                                Float(row) + (Float(sampleY) + 0.5) / Float(samples) - 0.5)
                            let hit = geometry.trace(origin: origin, direction: direction, boxes: boxes, cylinders: cylinders, recesses: recesses)
                            color += shade(hit, origin: origin, direction: direction, footprintScale: footprintScale,
                                           materials: materials, shapes: shapes, lights: lights, boxes: boxes, cylinders: cylinders)
                        }
                    }
                    color = Self.toneMap(color * sampleWeight)
                    let base = (row * width + column) * 3
                    pixels[base] = color.x; pixels[base + 1] = color.y; pixels[base + 2] = color.z
                }
            }
        }}}}}}}}
        return (Image(width: width, height: height, channels: 3, pixels: pixels), DepthMap(width: width, height: height, depths: depths))
    }

    /// Linear below 0.8, then a soft shoulder that approaches 1 (no flat clipped highlights).
    @inline(__always)
    static func toneMap(_ color: SIMD3<Float>) -> SIMD3<Float> {
        @inline(__always) func channel(_ x: Float) -> Float { x <= 0.8 ? max(x, 0) : 1 - 0.2 * expf(-(x - 0.8) / 0.2) }
        return SIMD3(channel(color.x), channel(color.y), channel(color.z))
    }

    /// The colour leaving `hit` towards the camera.
    @inline(__always)
    private func shade(_ hit: SurfaceHit, origin: SIMD3<Float>, direction: SIMD3<Float>, footprintScale: Float,
                       materials: UnsafeBufferPointer<CompiledMaterial>, shapes: UnsafeBufferPointer<PosterShape>,
                       lights: UnsafeBufferPointer<(position: SIMD3<Float>, radiance: SIMD3<Float>)>,
                       boxes: UnsafeBufferPointer<BoxPrimitive>, cylinders: UnsafeBufferPointer<CylinderPrimitive>) -> SIMD3<Float> {
        let rayLength = (direction * direction).sum().squareRoot()
        let cosine = max(abs((hit.normal * direction).sum()) / rayLength, 0.2)
        let footprint = hit.t * rayLength * footprintScale / cosine
        let material = materials[hit.material]
        let albedo = material.albedo(uv: hit.uv, faceSize: hit.faceSize, footprint: footprint, shapes: shapes)
        let point = origin + hit.t * direction + hit.normal * 1e-3
        var irradiance = ambient + SIMD3(repeating: material.emission)
        for light in lights {
            let offset = light.position - point
            let distanceSquared = (offset * offset).sum()
            let facing = (hit.normal * offset).sum()
            if facing > 0, !geometry.isBlocked(origin: point, direction: offset, boxes: boxes, cylinders: cylinders) {
                irradiance += light.radiance * (facing / (distanceSquared.squareRoot() * (1 + distanceSquared)))
            }
        }
        return albedo * irradiance
    }
}
