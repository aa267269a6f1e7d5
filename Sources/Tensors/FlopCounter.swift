import Synchronization

/// Counts the floating-point operations (2 per multiply-add) of the convolutions, which carry
/// nearly all of the networks' arithmetic, and the wall time spent in those convolutions, so
/// benchmarks can report GFLOP/s of whole training steps and of their convolution layers alone.
/// Counting is two relaxed atomic adds and a clock read per op call, negligible next to the op.
public enum FlopCounter {
    private static let total = Atomic<Int>(0)
    private static let nanoseconds = Atomic<Int>(0)
    private static let clock = ContinuousClock()

    /// The instant a convolution starts, for ``add(_:since:)``.
    static func start() -> ContinuousClock.Instant { clock.now }

    /// Adds `flops` to the count and the time since `started` to the convolutions' time.
    static func add(_ flops: Int, since started: ContinuousClock.Instant) {
        total.add(flops, ordering: .relaxed)
        let elapsed = (clock.now - started).components
        nanoseconds.add(Int(elapsed.seconds) * 1_000_000_000 + Int(elapsed.attoseconds / 1_000_000_000), ordering: .relaxed)
    }

    /// Operations counted since the last ``reset()``.
    public static var count: Int { total.load(ordering: .relaxed) }

    /// Seconds spent in the counted convolutions (forward and backward) since the last ``reset()``.
    public static var seconds: Double { Double(nanoseconds.load(ordering: .relaxed)) * 1e-9 }

    /// Sets the count and the time to zero.
    public static func reset() {
        total.store(0, ordering: .relaxed)
        nanoseconds.store(0, ordering: .relaxed)
    }
}
