import Geometry
import Imaging
import Reconstruction
import Testing

@Suite struct FrameMaskTests {
    let scene = SyntheticScene.room()

    @Test func flyingPixelsOnADepthEdgeAreRejectedAndFlatDepthIsKept() {
        // Left half at 1 m, right half at 3 m, one interpolated column at 2 m.
        var depth = DepthMap(width: 8, height: 4, depths: Array(repeating: 1, count: 32))
        for y in 0..<4 { for x in 4..<8 { depth[x, y] = 3 }; depth[4, y] = 2 }
        var mask = RejectionMask(width: 8, height: 4, verdicts: Array(repeating: .unverified, count: 32), keepsUnverified: true)
        FlyingPixelFilter(relativeThreshold: 0.08).apply(to: &mask, depth: depth)
        for y in 0..<4 {
            #expect(mask[0, y] == .unverified && mask[2, y] == .unverified && mask[6, y] == .unverified)
            #expect(mask[3, y] == .flyingPixel && mask[4, y] == .flyingPixel && mask[5, y] == .flyingPixel)
        }
        #expect(mask.counts[.flyingPixel] == 12)
        #expect(mask.keptCount == 20)
    }

    @Test func aSlantedFloorIsNotMistakenForAnEdge() {
        let depth = scene.depth(worldFromCamera: camera(at: [0, 0, -1.5], yaw: 0.3))
        var mask = RejectionMask(width: depth.width, height: depth.height,
                                 verdicts: Array(repeating: .unverified, count: depth.depths.count), keepsUnverified: true)
        FlyingPixelFilter().apply(to: &mask, depth: depth)
        // Only the silhouette of the box and the room's corners may be flagged.
        #expect(Double(mask.counts[.flyingPixel]!) < 0.1 * Double(depth.depths.count))
    }

    @Test func aPointHiddenByAnOccluderInTheNeighbourIsRejectedAndAVisibleOneKept() {
        // Camera A looks at the far wall (z = 2) past the box's left side; camera B, moved right,
        // sees the same wall point behind the box.
        let worldFromA = camera(at: [-0.6, 0.8, -1.5], yaw: 0)
        let worldFromB = camera(at: [0.6, 0.8, -1.5], yaw: 0)
        let depthA = scene.depth(worldFromCamera: worldFromA), depthB = scene.depth(worldFromCamera: worldFromB)
        let checker = ConsistencyChecker(intrinsics: scene.intrinsics, flyingPixels: nil)
        let mask = checker.mask(depth: depthA, worldFromCamera: worldFromA, neighbours: [(depthB, worldFromB)])

        // The wall point that B sees straight through the box's centre (0, 0.8, 0).
        let behindBox: SIMD3<Double> = [-0.8, 0.8, 2]
        let pixelHidden = pixel(of: behindBox, from: worldFromA)
        #expect(abs(depthA[pixelHidden.x, pixelHidden.y] - 3.5) < 1e-4)  // A sees the wall there
        let hiddenInB = pixel(of: behindBox, from: worldFromB)
        #expect(depthB[hiddenInB.x, hiddenInB.y] < 1.5)                 // B sees the box there
        #expect(mask[pixelHidden.x, pixelHidden.y] == .occluded)

        // A wall point above the box that both cameras see.
        let visible = pixel(of: [-0.8, -0.5, 2], from: worldFromA)
        #expect(mask[visible.x, visible.y] == .verified)
        #expect(mask.isKept(visible.y * mask.width + visible.x))
        #expect(!mask.isKept(pixelHidden.y * mask.width + pixelHidden.x))
    }

    @Test func aDepthThatANeighbourSeesThroughIsInconsistent() {
        let worldFromA = camera(at: [0, 0, -1], yaw: 0.1), worldFromB = camera(at: [0.3, 0, -1], yaw: -0.1)
        var depthA = scene.depth(worldFromCamera: worldFromA)
        let depthB = scene.depth(worldFromCamera: worldFromB)
        let centre = (x: 32, y: 10)
        depthA[centre.x, centre.y] *= 0.7   // a wrong, too-near depth floating in free space
        let mask = ConsistencyChecker(intrinsics: scene.intrinsics, flyingPixels: nil)
            .mask(depth: depthA, worldFromCamera: worldFromA, neighbours: [(depthB, worldFromB)])
        #expect(mask[centre.x, centre.y] == .inconsistent)
        #expect(mask[centre.x + 3, centre.y] == .verified)
    }

    @Test func pixelsOutsideEveryNeighbourAreUnverifiedAndKeptOnlyWhenAsked() {
        let worldFromA = camera(at: [0, 0, 0], yaw: 0), worldFromB = camera(at: [0, 0, 0], yaw: .pi)
        let depthA = scene.depth(worldFromCamera: worldFromA), depthB = scene.depth(worldFromCamera: worldFromB)
        for keeps in [true, false] {
            let mask = ConsistencyChecker(intrinsics: scene.intrinsics, keepsUnverified: keeps, flyingPixels: nil)
                .mask(depth: depthA, worldFromCamera: worldFromA, neighbours: [(depthB, worldFromB)])
            #expect(mask.counts[.unverified] == depthA.depths.count)
            #expect(mask.keptCount == (keeps ? depthA.depths.count : 0))
            #expect(mask.keptBytes.allSatisfy { $0 == (keeps ? 255 : 0) })
        }
    }

    @Test func invalidDepthIsRejected() {
        var depth = scene.depth(worldFromCamera: .identity)
        depth[5, 5] = 0
        depth[6, 5] = .nan
        let mask = ConsistencyChecker(intrinsics: scene.intrinsics).mask(depth: depth, worldFromCamera: .identity, neighbours: [])
        #expect(mask[5, 5] == .invalidDepth && mask[6, 5] == .invalidDepth)
        #expect(mask.counts[.invalidDepth] == 2)
    }

    private func pixel(of world: SIMD3<Double>, from worldFromCamera: RigidTransform) -> (x: Int, y: Int) {
        let p = scene.intrinsics.project(worldFromCamera.inverse.apply(world))
        return (Int(p.x.rounded()), Int(p.y.rounded()))
    }
}
