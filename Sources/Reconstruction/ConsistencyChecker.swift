import Geometry
import Imaging
import Parallelism

/// Decides, pixel by pixel, which depths of a frame enter fusion: invalid depths and flying
/// pixels are rejected, then each remaining pixel's 3D point is projected into neighbour frames
/// and compared with their depth there.
///
/// Per neighbour, with `d` the point's depth in the neighbour camera and `n` the neighbour's depth
/// at the pixel it projects to (nearest pixel centre):
/// - `|d − n| ≤ relativeThreshold · n`: consistent;
/// - `d > n` beyond the threshold: occluded there (the neighbour sees something nearer);
/// - `d < n` beyond the threshold: inconsistent (the neighbour sees through the point);
/// - behind the neighbour camera, outside its image or onto an invalid depth: not visible.
///
/// A pixel consistent with at least one neighbour is `.verified`. Otherwise it is
/// `.inconsistent` if any neighbour saw through it, else `.occluded` if any neighbour saw
/// something nearer, else `.unverified`.
public struct ConsistencyChecker: Sendable {
    /// The camera of every frame.
    public var intrinsics: Intrinsics
    /// Largest accepted `|d − n| / n`.
    public var relativeThreshold: Float
    /// Whether pixels no neighbour can see are fused. Kept by default: nothing speaks against
    /// them, and fusion's minimum observation count removes points that no other frame confirms.
    public var keepsUnverified: Bool
    /// The discontinuity filter applied first; `nil` for none.
    public var flyingPixels: FlyingPixelFilter?

    /// A checker for frames taken with `intrinsics`.
    public init(intrinsics: Intrinsics, relativeThreshold: Float = 0.05, keepsUnverified: Bool = true,
                flyingPixels: FlyingPixelFilter? = FlyingPixelFilter()) {
        self.intrinsics = intrinsics
        self.relativeThreshold = relativeThreshold
        self.keepsUnverified = keepsUnverified
        self.flyingPixels = flyingPixels
    }

    /// The verdict on every pixel of `depth` (seen from `worldFromCamera`), checked against
    /// `neighbours` (their depth maps and poses; same camera).
    public func mask(depth: DepthMap, worldFromCamera: RigidTransform,
                     neighbours: [(depth: DepthMap, worldFromCamera: RigidTransform)]) -> RejectionMask {
        let width = intrinsics.width, height = intrinsics.height
        precondition(depth.width == width && depth.height == height,
                     "ConsistencyChecker: depth \(depth.width)x\(depth.height) vs intrinsics \(width)x\(height)")
        for neighbour in neighbours {
            precondition(neighbour.depth.width == width && neighbour.depth.height == height,
                         "ConsistencyChecker: neighbour depth \(neighbour.depth.width)x\(neighbour.depth.height) vs intrinsics \(width)x\(height)")
        }
        var mask = RejectionMask(width: width, height: height,
                                 verdicts: depth.depths.map { $0 > 0 && $0.isFinite ? .unverified : .invalidDepth },
                                 keepsUnverified: keepsUnverified)
        flyingPixels?.apply(to: &mask, depth: depth)
        guard !neighbours.isEmpty else { return mask }

        let projections = neighbours.map { NeighbourProjection(intrinsics: intrinsics, depth: $0.depth,
                                                               neighbourFromCamera: $0.worldFromCamera.inverse * worldFromCamera) }
        let fx = Float(intrinsics.fx), fy = Float(intrinsics.fy), cx = Float(intrinsics.cx), cy = Float(intrinsics.cy)
        let threshold = relativeThreshold
        depth.depths.withUnsafeBufferPointer { depths in
            mask.verdicts.withUnsafeMutableBufferPointer { verdicts in
                Parallel.forEachChunk(height, minimumPerChunk: 8) { rows in
                    for y in rows {
                        for x in 0..<width where verdicts[y * width + x] == .unverified {
                            let d = depths[y * width + x]
                            let point = SIMD3<Float>((Float(x) - cx) / fx * d, (Float(y) - cy) / fy * d, d)
                            var sawNearer = false, sawThrough = false, agreed = false
                            for projection in projections {
                                switch projection.compare(point, threshold: threshold) {
                                case .consistent: agreed = true
                                case .nearer: sawNearer = true
                                case .through: sawThrough = true
                                case .notVisible: break
                                }
                                if agreed { break }
                            }
                            verdicts[y * width + x] = agreed ? .verified
                                : sawThrough ? .inconsistent : sawNearer ? .occluded : .unverified
                        }
                    }
                }
            }
        }
        return mask
    }
}

/// One neighbour frame prepared for projecting points of the checked frame into it.
private struct NeighbourProjection: Sendable {
    enum Comparison { case consistent, nearer, through, notVisible }

    let rotation: (SIMD3<Float>, SIMD3<Float>, SIMD3<Float>)
    let translation: SIMD3<Float>
    let fx: Float, fy: Float, cx: Float, cy: Float
    let depth: DepthMap

    init(intrinsics: Intrinsics, depth: DepthMap, neighbourFromCamera: RigidTransform) {
        let r = neighbourFromCamera.rotation
        rotation = (SIMD3<Float>(r.rows.0), SIMD3<Float>(r.rows.1), SIMD3<Float>(r.rows.2))
        translation = SIMD3<Float>(neighbourFromCamera.translation)
        fx = Float(intrinsics.fx); fy = Float(intrinsics.fy); cx = Float(intrinsics.cx); cy = Float(intrinsics.cy)
        self.depth = depth
    }

    /// How the neighbour's depth relates to camera-frame `point` of the checked frame.
    @inline(__always)
    func compare(_ point: SIMD3<Float>, threshold: Float) -> Comparison {
        let p = SIMD3<Float>((rotation.0 * point).sum(), (rotation.1 * point).sum(), (rotation.2 * point).sum()) + translation
        guard p.z > 0 else { return .notVisible }
        let u = (fx * p.x / p.z + cx).rounded(), v = (fy * p.y / p.z + cy).rounded()
        guard u >= 0, v >= 0, u < Float(depth.width), v < Float(depth.height) else { return .notVisible }
        let seen = depth.depths[Int(v) * depth.width + Int(u)]
        guard seen > 0 else { return .notVisible }
        if abs(p.z - seen) <= threshold * seen { return .consistent }
        return p.z > seen ? .nearer : .through
    }
}
