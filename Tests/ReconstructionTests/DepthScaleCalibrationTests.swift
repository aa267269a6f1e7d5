import Foundation
import Geometry
import Imaging
import Reconstruction
import Tensors
import Testing

/// The depth-scale search against exact rendered data: ground-truth depth shrunk by a known
/// factor is scaled back by about that factor; correct depth keeps a factor near 1.
@Suite struct DepthScaleCalibrationTests {
    func pair(depthFactor: Float) throws -> (DepthScaleCalibration.Pair, Intrinsics) {
        let sequence = try RenderedLivingRoom.sequence()
        let target = 2, source = 5
        let images = try [target, source].map { Tensor(images: [try sequence.loadImage($0)]) }
        var depth = try sequence.loadDepth(target)!
        depth.depths = depth.depths.map { $0 * depthFactor }
        let motion = PoseChain.sourceFromTarget(source: sequence.frames[source].worldFromCamera!,
                                                target: sequence.frames[target].worldFromCamera!)
        return (.init(image: images[0], depth: depth, source: images[1], sourceFromTarget: motion), sequence.intrinsics)
    }

    @Test(arguments: [Float(1), 0.2, 3])
    func recoversTheFactorThatWasTakenAway(depthFactor: Float) throws {
        let (pair, intrinsics) = try pair(depthFactor: depthFactor)
        let scale = try #require(DepthScaleCalibration.scale(pairs: [pair], intrinsics: intrinsics))
        #expect(abs(log2(scale * Double(depthFactor))) < 0.2, "factor \(depthFactor): found \(scale)")
    }

    @Test func noPairsNoScale() {
        #expect(DepthScaleCalibration.scale(pairs: [], intrinsics: Intrinsics(fx: 50, fy: 50, cx: 32, cy: 24, width: 64, height: 48)) == nil)
    }
}
