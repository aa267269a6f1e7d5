import Foundation
import Geometry
import Imaging
import Tensors

/// The factor that makes a network's depth agree with its own camera motion.
///
/// Depth and pose networks learn their scales separately; when they disagree (an under-trained
/// model, or a video unlike the training data), frames warped with the estimated motions do not
/// line up and the fused cloud smears. For pairs of frames that moved, the depth of the target
/// is multiplied by candidate factors and the source warped into it with the estimated
/// T_source←target (``ErrorMap``); the factor with the lowest mean photometric error wins. Pixels
/// that project outside the source count as a poor match (``outOfViewError``), so factors that
/// shrink the scene until nothing stays in view lose. The translation keeps its scale (metric
/// when the pose network was trained with velocity supervision) and the depth follows it.
public enum DepthScaleCalibration {
    /// One frame pair of the search.
    public struct Pair {
        /// The target frame [1, 3, H, W] and its depth (metres) at H × W.
        public var image: Tensor, depth: DepthMap
        /// The source frame [1, 3, H, W] and the motion T_source←target.
        public var source: Tensor, sourceFromTarget: RigidTransform

        /// A pair from its parts.
        public init(image: Tensor, depth: DepthMap, source: Tensor, sourceFromTarget: RigidTransform) {
            self.image = image; self.depth = depth; self.source = source; self.sourceFromTarget = sourceFromTarget
        }
    }

    /// The error charged to a pixel that projects outside the source: the top of the error
    /// colour range, a poor match.
    public static let outOfViewError = ErrorMap.colorRange.upperBound

    /// Factors searched: 2^(k/2) for k in −10...10 (1/32 to 32), then 2^(k/16) around the best.
    static let coarseExponents = Array(-10...10).map { Double($0) / 2 }
    static let fineExponents = Array(-8...8).map { Double($0) / 16 }

    /// The depth factor with the lowest mean photometric error over `pairs`, or `nil` without
    /// pairs.
    public static func scale(pairs: [Pair], intrinsics: Intrinsics) -> Double? {
        guard !pairs.isEmpty else { return nil }
        func cost(_ exponent: Double) -> Double {
            let factor = Float(pow(2, exponent))
            return pairs.reduce(0) { total, pair in
                var depth = pair.depth
                depth.depths = depth.depths.map { $0 * factor }
                let map = ErrorMap(image: pair.image, depth: depth, neighbours: [(pair.source, pair.sourceFromTarget)],
                                   intrinsics: intrinsics)
                let sum = zip(map.errors, map.outOfView).reduce(0.0) { $0 + Double($1.1 ? outOfViewError : $1.0) }
                return total + sum / Double(map.errors.count)
            } / Double(pairs.count)
        }
        func best(_ exponents: [Double]) -> Double {
            let costs = exponents.map(cost)
            return exponents[costs.indices.min { costs[$0] < costs[$1] }!]
        }
        let coarse = best(coarseExponents)
        return pow(2, best(fineExponents.map { coarse + $0 }))
    }
}
