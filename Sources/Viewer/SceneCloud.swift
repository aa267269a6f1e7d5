import Geometry

/// The fused points as the viewer draws them: positions, colours and the optional per-point
/// statistics behind the scalar colour modes. Plain data.
public struct SceneCloud: Sendable {
    /// World positions.
    public var positions: [SIMD3<Float>]
    /// Surface colours.
    public var colors: [SIMD3<UInt8>]
    /// Mean reprojection error per point (pixels), when the cloud carries it.
    public var meanErrors: [Float]?
    /// Number of frames that observed each point, when the cloud carries it.
    public var observationCounts: [UInt32]?

    /// A cloud from its parts; every present array must have one entry per point.
    public init(positions: [SIMD3<Float>], colors: [SIMD3<UInt8>], meanErrors: [Float]? = nil, observationCounts: [UInt32]? = nil) {
        precondition(colors.count == positions.count, "SceneCloud: \(positions.count) positions vs \(colors.count) colours")
        precondition(meanErrors.map { $0.count == positions.count } ?? true, "SceneCloud: \(positions.count) positions vs \(meanErrors?.count ?? 0) errors")
        precondition(observationCounts.map { $0.count == positions.count } ?? true,
                     "SceneCloud: \(positions.count) positions vs \(observationCounts?.count ?? 0) observation counts")
        self.positions = positions; self.colors = colors
        self.meanErrors = meanErrors; self.observationCounts = observationCounts
    }

    /// The number of points.
    public var count: Int { positions.count }

    /// The points in a random order fixed by `seed`, keeping at most `budget` of them. Any prefix
    /// of the result is a uniform subsample, which is what level of detail draws.
    public func shuffled(seed: UInt64, budget: Int) -> SceneCloud {
        var order = Array(0..<count)
        var generator = SplitMix64(seed: seed)
        // Fisher–Yates with our own generator, so the order is the same on every platform.
        for index in stride(from: order.count - 1, to: 0, by: -1) {
            let other = Int(generator.next() % UInt64(index + 1))
            order.swapAt(index, other)
        }
        let kept = order.prefix(max(0, budget))
        return SceneCloud(positions: kept.map { positions[$0] }, colors: kept.map { colors[$0] },
                          meanErrors: meanErrors.map { values in kept.map { values[$0] } },
                          observationCounts: observationCounts.map { values in kept.map { values[$0] } })
    }

    /// The per-point value a scalar colour mode maps (nil for `rgb` and `depth`, which the
    /// shader computes, and when the cloud lacks the statistic).
    public func scalars(for mode: ColorMode) -> [Float]? {
        switch mode {
        case .rgb, .depth: nil
        case .error: meanErrors
        case .observations: observationCounts?.map { Float($0) }
        }
    }

    /// The range a scalar colour mode maps onto the colour map: the 2nd to 98th percentile of the
    /// values (so a few outliers do not wash out the rest), never empty.
    public func scalarRange(for mode: ColorMode) -> ClosedRange<Float>? {
        guard let values = scalars(for: mode), !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let low = sorted[Int(Double(sorted.count - 1) * 0.02)]
        var high = sorted[Int(Double(sorted.count - 1) * 0.98)]
        if mode == .observations { high = sorted.last! }
        return low...max(high, low + 1e-6)
    }

    /// The axis-aligned bounding box (zero box for an empty cloud).
    public var bounds: (minimum: SIMD3<Float>, maximum: SIMD3<Float>) {
        guard var low = positions.first else { return (.zero, .zero) }
        var high = low
        for position in positions {
            low = pointwiseMin(low, position)
            high = pointwiseMax(high, position)
        }
        return (low, high)
    }
}
