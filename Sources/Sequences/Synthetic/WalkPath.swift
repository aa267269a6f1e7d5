import Foundation
import Geometry

/// The closed Catmull-Rom loop through a walk's waypoints, tabulated by arc length.
struct WalkPath {
    /// Dense samples of the loop: positions, unit tangents and cumulative arc lengths.
    private var positions: [SIMD2<Double>] = [], tangents: [SIMD2<Double>] = [], lengths: [Double] = []
    /// The loop's length (m).
    private(set) var totalLength: Double = 0

    private static let samplesPerSegment = 256

    init(waypoints: [SIMD2<Double>]) {
        let count = waypoints.count
        var previous: SIMD2<Double>? = nil
        for segment in 0..<count {
            let p0 = waypoints[(segment + count - 1) % count], p1 = waypoints[segment]
            let p2 = waypoints[(segment + 1) % count], p3 = waypoints[(segment + 2) % count]
            for step in 0..<Self.samplesPerSegment {
                let t = Double(step) / Double(Self.samplesPerSegment)
                let t2 = t * t, t3 = t2 * t
                // Uniform Catmull-Rom: p(t) = a + b t + c t² + d t³.
                let a: SIMD2<Double> = p1
                let b: SIMD2<Double> = 0.5 * (p2 - p0)
                let c: SIMD2<Double> = p0 - 2.5 * p1 + 2 * p2 - 0.5 * p3
                let d: SIMD2<Double> = 1.5 * (p1 - p2) + 0.5 * (p3 - p0)
                let point: SIMD2<Double> = a + b * t + c * t2 + d * t3
                let derivative: SIMD2<Double> = b + 2 * c * t + 3 * d * t2
                if let previous { totalLength += distance(previous, point) }
                positions.append(point)
                let speed = length(derivative)
                tangents.append(speed > 1e-12 ? derivative / speed : (tangents.last ?? SIMD2<Double>(1, 0)))
                lengths.append(totalLength)
                previous = point
            }
        }
        // Close the loop back to the first sample.
        totalLength += distance(positions[positions.count - 1], positions[0])
        positions.append(positions[0]); tangents.append(tangents[0]); lengths.append(totalLength)
    }

    /// Position and unit walking direction at arc length `s` (wrapped around the loop).
    func sample(atArcLength s: Double) -> (position: SIMD2<Double>, direction: SIMD2<Double>) {
        guard totalLength > 0 else { return (positions[0], tangents[0]) }
        let wrapped = s - (s / totalLength).rounded(.down) * totalLength
        var low = 0, high = lengths.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if lengths[middle] <= wrapped { low = middle } else { high = middle }
        }
        let span = lengths[high] - lengths[low]
        let fraction = span > 0 ? (wrapped - lengths[low]) / span : 0
        let direction = tangents[low] + (tangents[high] - tangents[low]) * fraction
        let directionLength = length(direction)
        return (positions[low] + (positions[high] - positions[low]) * fraction,
                directionLength > 1e-12 ? direction / directionLength : tangents[low])
    }
}
