import Foundation

/// Exact distances and bounds of one piece of furniture, in Double (for path checks and layout).
struct FurnitureGeometry {
    let item: Furniture
    let cosine: Double, sine: Double

    init(_ item: Furniture) {
        self.item = item
        let yaw = item.yawDegrees * .pi / 180
        cosine = cos(yaw); sine = sin(yaw)
    }

    /// The axis-aligned bounds of the footprint in the floor plane.
    var footprintBounds: (lower: SIMD2<Double>, upper: SIMD2<Double>) {
        let half = SIMD2(item.size.x, item.size.y) / 2
        let extent = item.shape == .cylinder ? half
            : SIMD2(abs(cosine) * half.x + abs(sine) * half.y, abs(sine) * half.x + abs(cosine) * half.y)
        return (item.center - extent, item.center + extent)
    }

    /// Signed distance from `point` to the solid (negative inside).
    func distance(to point: SIMD3<Double>) -> Double {
        let offset = SIMD2(point.x, point.y) - item.center
        let top = item.bottom + item.size.z
        let vertical = max(item.bottom - point.z, point.z - top)
        let horizontal: SIMD2<Double>
        switch item.shape {
        case .box:
            let local = SIMD2(cosine * offset.x + sine * offset.y, -sine * offset.x + cosine * offset.y)
            horizontal = SIMD2(abs(local.x), abs(local.y)) - SIMD2(item.size.x, item.size.y) / 2
        case .cylinder:
            horizontal = [(offset * offset).sum().squareRoot() - item.size.x / 2, -.infinity]
        }
        let q = SIMD3(horizontal.x, horizontal.y, vertical)
        let outside = SIMD3(max(q.x, 0), max(q.y, 0), max(q.z, 0))
        return (outside * outside).sum().squareRoot() + min(q.max(), 0)
    }
}
