#if canImport(Glibc)
import Glibc
#endif

/// Splits loops over the machine's cores with a fixed partition, so that results are
/// bit-identical run to run (each index is always handled by the same arithmetic in the same
/// order; reductions combine per-chunk partial results in chunk order).
public enum Parallel {
    /// Number of worker chunks: the active processor count.
    public static let workerCount = max(1, ProcessInfoCores.active)

    /// Calls `body(range)` for contiguous sub-ranges covering `0..<count`, concurrently when the
    /// work is large enough to pay for it (`minimumPerChunk` items per chunk at least).
    public static func forEachChunk(_ count: Int, minimumPerChunk: Int = 4096, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = min(workerCount, max(1, count / max(1, minimumPerChunk)))
        if chunks == 1 { body(0..<count); return }
        concurrentPerform(chunks) { chunk in body(chunkRange(chunk, of: chunks, count: count)) }
    }

    /// Sums `partial(range)` over a fixed partition of `0..<count`, combined in chunk order, in Double.
    public static func sum(_ count: Int, minimumPerChunk: Int = 4096, _ partial: (Range<Int>) -> Double) -> Double {
        mapChunks(count, minimumPerChunk: minimumPerChunk, partial).reduce(0, +)
    }

    /// `body(range)` for each range of a fixed partition of `0..<count` (concurrently when the
    /// work is large enough, `minimumPerChunk` items per chunk at least), the results in chunk
    /// order, so that combining them gives the same result run to run. Empty when `count` is 0.
    public static func mapChunks<T>(_ count: Int, minimumPerChunk: Int = 4096, _ body: (Range<Int>) -> T) -> [T] {
        guard count > 0 else { return [] }
        let chunks = min(workerCount, max(1, count / max(1, minimumPerChunk)))
        if chunks == 1 { return [body(0..<count)] }
        return map(chunks) { chunk in body(chunkRange(chunk, of: chunks, count: count)) }
    }

    /// `transform(i)` for every `i` in `0..<count`, in index order, each index run by whichever
    /// core is free when it comes up: for a few items of uneven cost whose results do not depend
    /// on one another (two fixed halves would leave one core waiting for the other).
    public static func map<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { results in
            concurrentPerform(count) { index in results[index] = transform(index) }
        }
        return results.map { $0! }
    }

    /// Runs `body(i)` for `i` in `0..<iterations` on the caller and the worker threads and
    /// returns when all are done.
    ///
    /// Kernels hand raw tensor pointers to their loop bodies; each iteration writes a disjoint
    /// part of the output, which is what makes sharing those pointers across threads safe.
    /// ``SpinningWorkerPool`` is the one place that hands the body to other threads.
    public static func concurrentPerform(_ iterations: Int, _ body: (Int) -> Void) {
        SpinningWorkerPool.shared.perform(iterations, body)
    }

    /// Runs every task, concurrently on the caller and the worker threads, and returns when all
    /// have finished; then rethrows the error of the first task (in list order) that threw.
    /// For independent jobs such as writing several files of one frame.
    public static func run(_ tasks: [() throws -> Void]) throws {
        var errors = [(any Error)?](repeating: nil, count: tasks.count)
        errors.withUnsafeMutableBufferPointer { errors in
            concurrentPerform(tasks.count) { index in
                do { try tasks[index]() } catch { errors[index] = error }
            }
        }
        if let first = errors.lazy.compactMap({ $0 }).first { throw first }
    }

    private static func chunkRange(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        (chunk * count / chunks)..<((chunk + 1) * count / chunks)
    }
}

/// The number of processors this process may run on.
enum ProcessInfoCores {
    static var active: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 2
        #endif
    }
}
