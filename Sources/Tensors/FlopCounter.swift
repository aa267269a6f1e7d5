import Synchronization

/// Counts the floating-point operations (2 per multiply-add) of the convolutions, which carry
/// nearly all of the networks' arithmetic, so benchmarks can report GFLOP/s of whole training
/// steps. Counting is one relaxed atomic add per op call, negligible next to the op itself.
public enum FlopCounter {
    private static let total = Atomic<Int>(0)

    /// Adds `flops` to the count.
    static func add(_ flops: Int) { total.add(flops, ordering: .relaxed) }

    /// Operations counted since the last ``reset()``.
    public static var count: Int { total.load(ordering: .relaxed) }

    /// Sets the count to zero.
    public static func reset() { total.store(0, ordering: .relaxed) }
}
