import Geometry
import Imaging
import Sequences
import Testing
import Tensors
@testable import DepthModels

/// The objective's conventions against exact rendered data: with the renderer's true depth and
/// the true T_source←target, warping explains the target almost perfectly.
@Suite struct RenderedGeometryTests {
    @Test func trueDepthAndPoseWarpTheSourceOntoTheTarget() throws {
        let scene = RoomGenerator(seed: 11).room(0)
        let camera = Intrinsics.phone(width: 128, height: 96)
        let renderer = SceneRenderer(scene: scene, intrinsics: camera, supersampling: 2)
        let poses = scene.cameraPoses(frameCount: 4, fps: 10)
        let target = renderer.render(worldFromCamera: poses[1].worldFromCamera)
        let source = renderer.render(worldFromCamera: poses[3].worldFromCamera)
        let sourceFromTarget = poses[3].worldFromCamera.inverse * poses[1].worldFromCamera
        let motion = Tensor(shape: [1, 6], values: sourceFromTarget.motionVector)
        let depth = Tensor(shape: [1, 1, 96, 128], values: target.depth.depths)
        let targetTensor = Tensor(images: [target.image]), sourceTensor = Tensor(images: [source.image])
        let warp = ViewSynthesis(intrinsics: camera).warp(source: sourceTensor, depth: depth, motion: motion)
        let trueError = photometricError(warp.image, targetTensor) * warp.valid
        let wrongError = photometricError(sourceTensor, targetTensor) * warp.valid
        let meanTrue = trueError.sum().scalar / warp.valid.sum().scalar
        let meanWrong = wrongError.sum().scalar / warp.valid.sum().scalar
        #expect(meanTrue < 0.3 * meanWrong, "true pose error \(meanTrue) vs unwarped \(meanWrong)")
        #expect(meanTrue < 0.05)
    }
}
