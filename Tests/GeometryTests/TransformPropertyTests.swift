import Foundation
import Geometry
import Testing

@Suite struct TransformPropertyTests {
    @Test(arguments: randomSeeds)
    func rigidComposeAndInverse(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let a = generator.nextRigidTransform(), b = generator.nextRigidTransform(), p = generator.nextPoint()
        #expect(distance((a * b).apply(p), a.apply(b.apply(p))) < 1e-12)
        let identity = a.inverse * a
        #expect(maximumDifference(identity.rotation, .identity) < 1e-14 && length(identity.translation) < 1e-13)
        #expect(distance(a.inverse.apply(a.apply(p)), p) < 1e-12)
    }

    @Test(arguments: randomSeeds)
    func similarityComposeAndInverse(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        func nextSimilarity() -> SimilarityTransform {
            SimilarityTransform(scale: generator.nextDouble(in: 0.3...3), rotation: generator.nextRotation(), translation: generator.nextPoint())
        }
        let a = nextSimilarity(), b = nextSimilarity(), p = generator.nextPoint()
        #expect(distance((a * b).apply(p), a.apply(b.apply(p))) < 1e-11)
        #expect(distance(a.inverse.apply(a.apply(p)), p) < 1e-11)
        let identity = a * a.inverse
        #expect(abs(identity.scale - 1) < 1e-14 && maximumDifference(identity.rotation, .identity) < 1e-14)
        // A pose moves with the world: its centre is mapped and its axes rotated.
        let pose = generator.nextRigidTransform(), q = generator.nextPoint()
        let moved = a.apply(pose)
        #expect(distance(moved.translation, a.apply(pose.translation)) < 1e-12)
        #expect(distance(moved.rotation * q, a.rotation * (pose.rotation * q)) < 1e-12)
    }

    @Test(arguments: randomSeeds)
    func projectInvertsBackproject(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let camera = Intrinsics(fx: generator.nextDouble(in: 100...900), fy: generator.nextDouble(in: 100...900),
                                cx: generator.nextDouble(in: 100...400), cy: generator.nextDouble(in: 100...300), width: 640, height: 480)
        let pixel = SIMD2<Double>(generator.nextDouble(in: -10...650), generator.nextDouble(in: -10...490))
        let depth = generator.nextDouble(in: 0.05...50)
        let point = camera.backproject(pixel: pixel, depth: depth)
        #expect(abs(point.z - depth) < 1e-15 * depth)
        let back = camera.project(point)
        #expect(abs(back.x - pixel.x) < 1e-9 && abs(back.y - pixel.y) < 1e-9)
    }

    /// The centre of output pixel `u′` lies at input coordinate `(u′ + 0.5) / s − 0.5`; both
    /// cameras must see the same ray there.
    @Test(arguments: randomSeeds)
    func rescaledIntrinsicsKeepRaysThroughCorrespondingPoints(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let camera = Intrinsics(fx: generator.nextDouble(in: 200...900), fy: generator.nextDouble(in: 200...900),
                                cx: generator.nextDouble(in: 250...390), cy: generator.nextDouble(in: 180...300), width: 640, height: 480)
        let width = Int(generator.next() % 600) + 16, height = Int(generator.next() % 400) + 16
        let scaled = camera.rescaled(width: width, height: height)
        #expect(scaled.width == width && scaled.height == height)
        let sx = Double(width) / 640, sy = Double(height) / 480
        for _ in 0..<10 {
            let pixel = SIMD2<Double>(Double(generator.next() % UInt64(width)), Double(generator.next() % UInt64(height)))
            let original = SIMD2<Double>((pixel.x + 0.5) / sx - 0.5, (pixel.y + 0.5) / sy - 0.5)
            let ray = scaled.backproject(pixel: pixel, depth: 1), originalRay = camera.backproject(pixel: original, depth: 1)
            #expect(distance(ray, originalRay) < 1e-12)
        }
        let back = scaled.rescaled(width: 640, height: 480)
        #expect(abs(back.fx - camera.fx) < 1e-9 && abs(back.cx - camera.cx) < 1e-9 && abs(back.cy - camera.cy) < 1e-9)
    }

    @Test func halvingMovesTheCentreByTheConvention() {
        let camera = Intrinsics(fx: 500, fy: 500, cx: 319.5, cy: 239.5, width: 640, height: 480)
        #expect(camera.rescaled(width: 320, height: 240) == Intrinsics(fx: 250, fy: 250, cx: 159.5, cy: 119.5, width: 320, height: 240))
    }

    @Test(arguments: [30.0, 60, 90, 120])
    func fieldOfViewSpansTheImageWidth(degrees: Double) {
        let camera = Intrinsics(horizontalFieldOfView: degrees, width: 640, height: 480)
        #expect(camera.fx == camera.fy && camera.cx == 319.5 && camera.cy == 239.5)
        // Rays through the left and right image edges (pixel coordinates −0.5 and 639.5).
        let left = normalize(camera.backproject(pixel: [-0.5, 239.5], depth: 1))
        let right = normalize(camera.backproject(pixel: [639.5, 239.5], depth: 1))
        #expect(abs(acos(dot(left, right)) * 180 / .pi - degrees) < 1e-9)
    }
}
