import Foundation
import Geometry
import Testing
@testable import Viewer

@Suite struct CameraTests {
    @Test func theViewMatrixPutsWhatTheCameraSeesDownNegativeZ() {
        let camera = ViewCamera.lookingAt([1, 2, 3], from: [1, 2, -2], up: [0, -1, 0])
        let eye = camera.viewMatrix * SIMD4<Float>(1, 2, 3, 1)
        #expect(abs(eye.x) < 1e-6 && abs(eye.y) < 1e-6 && abs(eye.z + 5) < 1e-5)
        // World up (−y in the camera convention) is up on screen (+y in eye space).
        let above = camera.viewMatrix * SIMD4<Float>(1, 1, 3, 1)
        #expect(above.y > 0.99)
    }

    @Test func lookingAtBuildsAProperRotation() {
        for eye in [SIMD3<Double>(3, -1, 2), [0, -5, 0.01], [-2, 0.5, -4]] {
            let camera = ViewCamera.lookingAt([0.2, 0.1, 0.3], from: eye, up: [0, -1, 0])
            let rotation = camera.worldFromCamera.rotation
            #expect(abs(rotation.determinant - 1) < 1e-9)
            #expect(length(camera.forward - normalize(SIMD3<Double>(0.2, 0.1, 0.3) - eye)) < 1e-9)
        }
    }

    @Test func theProjectionMapsNearAndFarToTheDepthRange() {
        let projection = Matrix4.perspective(fieldOfView: .pi / 2, aspect: 2, near: 0.5, far: 10)
        for (z, expected) in [(-0.5, Float(-1)), (-10, 1)] {
            let clip = projection * SIMD4<Float>(0, 0, Float(z), 1)
            #expect(abs(clip.z / clip.w - expected) < 1e-5)
        }
        let corner = projection * SIMD4<Float>(2, 1, -1, 1)
        #expect(abs(corner.x / corner.w - 1) < 1e-6 && abs(corner.y / corner.w - 1) < 1e-6)
    }

    @Test func interpolationRunsFromStartToEndAlongTheShorterArc() {
        let start = ViewCamera.lookingAt([0, 0, 5], from: [0, 0, 0], up: [0, -1, 0], verticalFieldOfView: 1)
        let end = ViewCamera.lookingAt([5, 0, 0], from: [2, 0, 0], up: [0, -1, 0], verticalFieldOfView: 2)
        #expect(ViewCamera.interpolated(start, end, fraction: 0) == start && ViewCamera.interpolated(start, end, fraction: 1) == end)
        let middle = ViewCamera.interpolated(start, end, fraction: 0.5)
        #expect(length(middle.position - [1, 0, 0]) < 1e-12 && abs(middle.verticalFieldOfView - 1.5) < 1e-12)
        // Halfway through a quarter turn about the vertical: 45° between forward z and forward x.
        #expect(length(middle.forward - normalize(SIMD3<Double>(1, 0, 1))) < 1e-9)
        #expect(abs(middle.worldFromCamera.rotation.determinant - 1) < 1e-9)
    }

    @Test func theSceneFramesTheHomeViewAroundItsCentre() {
        let scene = SyntheticReconstruction().scene
        let home = scene.homeCamera
        let (center, _) = scene.extent
        #expect(dot(normalize(center - home.position), home.forward) > 0.999999)
        #expect(dot(home.down, scene.up) < 0)
        let range = scene.depthRange(from: home)
        #expect(range.lowerBound > 0 && range.upperBound > range.lowerBound)
    }
}
