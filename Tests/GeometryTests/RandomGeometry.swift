import Geometry

extension SplitMix64 {
    /// A uniform double in `range`.
    mutating func nextDouble(in range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }

    /// A point with coordinates uniform in `range`.
    mutating func nextPoint(in range: ClosedRange<Double> = -5...5) -> SIMD3<Double> {
        [nextDouble(in: range), nextDouble(in: range), nextDouble(in: range)]
    }

    /// A direction uniform on the unit sphere.
    mutating func nextUnitVector() -> SIMD3<Double> {
        while true {
            let p = nextPoint(in: -1...1)
            let size = length(p)
            if size > 0.1 && size <= 1 { return p / size }
        }
    }

    /// A rotation uniform on SO(3) (a uniform unit quaternion, by rejection).
    mutating func nextRotation() -> Matrix3 {
        while true {
            let q = Quaternion(x: nextDouble(in: -1...1), y: nextDouble(in: -1...1), z: nextDouble(in: -1...1), w: nextDouble(in: -1...1))
            if q.norm > 0.1 && q.norm <= 1 { return Matrix3(q) }
        }
    }

    /// A rigid transform with a uniform rotation and a translation in [-5, 5]³.
    mutating func nextRigidTransform() -> RigidTransform {
        RigidTransform(rotation: nextRotation(), translation: nextPoint())
    }
}

/// The largest absolute element difference of two matrices.
func maximumDifference(_ a: Matrix3, _ b: Matrix3) -> Double {
    (0..<3).flatMap { r in (0..<3).map { c in abs(a[r, c] - b[r, c]) } }.max()!
}

/// How far `m` is from a proper rotation: max of |mᵀm − I| and |det m − 1|.
func rotationDefect(_ m: Matrix3) -> Double {
    max(maximumDifference(m.transposed * m, .identity), abs(m.determinant - 1))
}

/// Seeds for parameterised tests: many random cases, each reproducible on its own.
let randomSeeds: [UInt64] = Array(1...64)
