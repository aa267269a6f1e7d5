import Foundation
import Testing
import Geometry
@testable import Sequences

@Suite struct CameraWalkTests {
    @Test func posesAreRigidAndWalkAtTheSceneSpeed() throws {
        let scene = try Scene.load(scenesFolder.appendingPathComponent("bedroom.json"))
        let poses = scene.cameraPoses(frameCount: 100, fps: 10)
        #expect(poses.map(\.timestamp) == (0..<100).map { Double($0) / 10 })
        for (index, pose) in poses.enumerated() {
            let rotation = pose.worldFromCamera.rotation
            #expect(abs(rotation.determinant - 1) < 1e-9)
            let product = rotation.transposed * rotation
            for row in 0..<3 { for column in 0..<3 { #expect(abs(product[row, column] - (row == column ? 1 : 0)) < 1e-9) } }
            // The camera's y axis (down in the image) points roughly down in the world.
            #expect(rotation.column(1).z < -0.9)
            if index > 0 {
                let step = poses[index - 1].worldFromCamera.translation - pose.worldFromCamera.translation
                let horizontal = (step.x * step.x + step.y * step.y).squareRoot()
                #expect(abs(horizontal - scene.camera.speed / 10) < 0.005)
            }
        }
    }

    @Test func rotationLooksAlongTheHeading() {
        let rotation = Scene.cameraRotation(yaw: .pi / 2, pitch: 0, roll: 0)
        let forward = rotation.column(2), right = rotation.column(0)
        #expect(length(forward - SIMD3(0, 1, 0)) < 1e-12)
        #expect(length(right - SIMD3(1, 0, 0)) < 1e-12)
        // Positive pitch looks up.
        #expect(Scene.cameraRotation(yaw: 0, pitch: 0.2, roll: 0).column(2).z > 0.19)
    }

    @Test func phoneIntrinsicsHaveA63DegreeField() {
        let camera = Intrinsics.phone(width: 640, height: 480)
        let field = 2 * atan(Double(camera.width) / 2 / camera.fx) * 180 / .pi
        #expect(abs(field - 63) < 1e-9)
        #expect(camera.cx == 319.5 && camera.cy == 239.5 && camera.fx == camera.fy)
    }
}
