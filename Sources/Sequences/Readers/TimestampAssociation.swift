/// Matches frames of one stream to the nearest-in-time sample of another, as TUM RGB-D's
/// `associate.py` does for colour, depth and ground truth.
public enum TimestampAssociation {
    /// The largest time difference, in seconds, that counts as the same moment (TUM's default).
    public static let defaultTolerance = 0.02

    /// For each of `queries`, the index into `candidates` with the nearest timestamp, or `nil`
    /// when the nearest is more than `tolerance` seconds away. `candidates` need not be sorted;
    /// of two equally near candidates the earlier one in time wins.
    public static func nearest(_ queries: [Double], in candidates: [Double],
                               tolerance: Double = defaultTolerance) -> [Int?] {
        let order = candidates.indices.sorted { (candidates[$0], $0) < (candidates[$1], $1) }
        let sorted = order.map { candidates[$0] }
        return queries.map { query in
            // First sorted position whose time is >= query; the nearest is there or just before.
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < query { low = middle + 1 } else { high = middle }
            }
            var best: Int?
            for position in [low - 1, low] where position >= 0 && position < sorted.count {
                if let current = best, abs(sorted[current] - query) <= abs(sorted[position] - query) { continue }
                best = position
            }
            guard let best, abs(sorted[best] - query) <= tolerance else { return nil }
            return order[best]
        }
    }
}
