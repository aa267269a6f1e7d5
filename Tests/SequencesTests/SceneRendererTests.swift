import Foundation
import Testing
import Geometry
import Imaging
@testable import Sequences

@Suite struct SceneRendererTests {
    /// An empty 4 × 4 × 2.5 m room lit from above, every surface plastered.
    func emptyRoom() -> Scene {
        let plaster = Material(pattern: .plaster, color: [0.8, 0.8, 0.8], secondaryColor: [0.6, 0.6, 0.6], scale: 0.3, seed: 1)
        return Scene(name: "empty", room: Room(width: 4, depth: 4, height: 2.5, floor: "plaster", walls: "plaster", ceiling: "plaster", openings: []),
                     materials: ["plaster": plaster], furniture: [],
                     lights: Lighting(ambient: [0.4, 0.4, 0.4], points: [PointLight(position: [2, 2, 2.3], color: [1, 1, 1], intensity: 2)]),
                     camera: CameraWalk(waypoints: [[1, 1], [3, 1], [3, 3], [1, 3]], eyeHeight: 1.5, speed: 0.3, yawSweepDegrees: 0,
                                        yawSweepPeriod: 5, lookOffsetDegrees: 0, pitchDegrees: 0, pitchJitterDegrees: 0,
                                        rollJitterDegrees: 0, seed: 0), fps: 10)
    }

    @Test func depthOfAFacingWallIsExactEverywhere() {
        let renderer = SceneRenderer(scene: emptyRoom(), intrinsics: .phone(width: 64, height: 48))
        let pose = RigidTransform(rotation: Scene.cameraRotation(yaw: 0, pitch: 0, roll: 0), translation: [2, 2, 1.5])
        let (image, depth) = renderer.render(worldFromCamera: pose)
        #expect(depth.depths.allSatisfy { abs($0 - 2) < 1e-5 })
        #expect(image.channels == 3 && image.pixels.allSatisfy { (0...1).contains($0) })
    }

    @Test func depthIsAlongTheOpticalAxisNotTheRay() {
        // Looking down from 1.5 m at pitch −90°: every pixel sees the floor at depth 1.5.
        let renderer = SceneRenderer(scene: emptyRoom(), intrinsics: .phone(width: 32, height: 24), supersampling: 1)
        let pose = RigidTransform(rotation: Scene.cameraRotation(yaw: 0.3, pitch: -.pi / 2, roll: 0), translation: [2, 2, 1.5])
        #expect(renderer.render(worldFromCamera: pose).depth.depths.allSatisfy { abs($0 - 1.5) < 1e-5 })
    }

    @Test func renderingIsDeterministic() throws {
        let scene = RoomGenerator(seed: 3).room(0)
        let renderer = SceneRenderer(scene: scene, intrinsics: .phone(width: 64, height: 48))
        let pose = scene.cameraPoses(frameCount: 5)[4].worldFromCamera
        let first = renderer.render(worldFromCamera: pose), second = renderer.render(worldFromCamera: pose)
        #expect(first.image == second.image && first.depth == second.depth)
    }

    /// Bilinear sample of `values` (`channels` per pixel) at continuous pixel `point`.
    func bilinear(_ values: [Float], width: Int, channels: Int, channel: Int, at point: SIMD2<Double>) -> Double {
        let x0 = Int(point.x.rounded(.down)), y0 = Int(point.y.rounded(.down))
        let fx = point.x - Double(x0), fy = point.y - Double(y0)
        func value(_ x: Int, _ y: Int) -> Double { Double(values[(y * width + x) * channels + channel]) }
        let top = value(x0, y0) * (1 - fx) + value(x0 + 1, y0) * fx
        let bottom = value(x0, y0 + 1) * (1 - fx) + value(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// Pixels of frame A moved into frame B with A's depth and the relative pose land where B
    /// sees the same surface: same depth and same colour (occluded pixels skipped).
    @Test(arguments: ["living_room", "kitchen", "bedroom", "office"])
    func reprojectionBetweenFramesAgrees(sceneName: String) throws {
        let scene = try Scene.load(scenesFolder.appendingPathComponent("\(sceneName).json"))
        let camera = Intrinsics.phone(width: 160, height: 120)
        let renderer = SceneRenderer(scene: scene, intrinsics: camera)
        let poses = scene.cameraPoses(frameCount: 60)
        var checked = 0, depthAgreed = 0, colourErrors: [Double] = []
        for (a, b) in [(0, 3), (20, 24), (40, 42), (55, 59)] {
            let frameA = renderer.render(worldFromCamera: poses[a].worldFromCamera)
            let frameB = renderer.render(worldFromCamera: poses[b].worldFromCamera)
            let bFromA = poses[b].worldFromCamera.inverse * poses[a].worldFromCamera
            for v in stride(from: 2, to: camera.height - 2, by: 3) {
                for u in stride(from: 2, to: camera.width - 2, by: 3) {
                    let depthA = Double(frameA.depth[u, v])
                    let pointB = bFromA.apply(camera.backproject(pixel: [Double(u), Double(v)], depth: depthA))
                    guard pointB.z > 0.1 else { continue }
                    let pixelB = camera.project(pointB)
                    guard pixelB.x >= 1, pixelB.y >= 1, pixelB.x < Double(camera.width - 2), pixelB.y < Double(camera.height - 2) else { continue }
                    // Skip depth edges in B (bilinear depth is meaningless across them).
                    let x0 = Int(pixelB.x), y0 = Int(pixelB.y)
                    let corners = [frameB.depth[x0, y0], frameB.depth[x0 + 1, y0], frameB.depth[x0, y0 + 1], frameB.depth[x0 + 1, y0 + 1]]
                    guard corners.max()! < corners.min()! * 1.03 else { continue }
                    let depthB = bilinear(frameB.depth.depths, width: camera.width, channels: 1, channel: 0, at: pixelB)
                    guard pointB.z < depthB * 1.05 else { continue }  // occluded in B
                    checked += 1
                    if abs(pointB.z - depthB) < 0.01 * depthB { depthAgreed += 1 }
                    let colourA = (0..<3).map { Double(frameA.image[u, v, $0]) }
                    let colourB = (0..<3).map { bilinear(frameB.image.pixels, width: camera.width, channels: 3, channel: $0, at: pixelB) }
                    colourErrors.append(zip(colourA, colourB).map { abs($0 - $1) }.max()!)
                }
            }
        }
        #expect(checked > 1500)
        #expect(Double(depthAgreed) > 0.99 * Double(checked))
        let sorted = colourErrors.sorted()
        let median = sorted[sorted.count / 2], ninetieth = sorted[sorted.count * 9 / 10]
        #expect(median < 0.03, "median colour error \(median)")
        #expect(ninetieth < 0.1, "90th percentile colour error \(ninetieth)")
    }

    @Test func aWrongPoseBreaksTheReprojection() throws {
        // The check above must be able to fail: move B's camera 10 cm forward and depths disagree.
        let scene = try Scene.load(scenesFolder.appendingPathComponent("office.json"))
        let camera = Intrinsics.phone(width: 96, height: 72)
        let renderer = SceneRenderer(scene: scene, intrinsics: camera, supersampling: 1)
        let poses = scene.cameraPoses(frameCount: 10)
        let frameA = renderer.render(worldFromCamera: poses[0].worldFromCamera)
        var shifted = poses[3].worldFromCamera
        shifted.translation += 0.1 * shifted.rotation.column(2)
        let frameB = renderer.render(worldFromCamera: shifted)
        let bFromA = poses[3].worldFromCamera.inverse * poses[0].worldFromCamera
        var agreed = 0, checked = 0
        for v in stride(from: 2, to: 70, by: 4) {
            for u in stride(from: 2, to: 94, by: 4) {
                let pointB = bFromA.apply(camera.backproject(pixel: [Double(u), Double(v)], depth: Double(frameA.depth[u, v])))
                let pixelB = camera.project(pointB)
                guard pointB.z > 0.1, pixelB.x >= 0, pixelB.y >= 0, pixelB.x < 95, pixelB.y < 71 else { continue }
                checked += 1
                let depthB = bilinear(frameB.depth.depths, width: 96, channels: 1, channel: 0, at: pixelB)
                if abs(pointB.z - depthB) < 0.01 * depthB { agreed += 1 }
            }
        }
        #expect(checked > 100 && Double(agreed) < 0.5 * Double(checked))
    }
}
