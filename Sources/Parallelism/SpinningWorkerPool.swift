#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Persistent worker threads that wait for the next loop by spinning for a short while before
/// they sleep, so that the many short parallel loops of a training step do not each pay for
/// waking a sleeping thread (Dispatch's `concurrentPerform` parks its workers on a futex after
/// every loop: measured at about 10 % of a training step in kernel scheduling code).
///
/// One loop runs at a time. A caller that finds the pool busy (a nested loop, or another thread's
/// loop) runs its iterations itself, in order, so the pool can never deadlock. Iterations are
/// claimed one by one from a shared counter by the caller and the workers alike; which thread runs
/// an iteration never changes what it computes, so results stay bit-identical run to run.
final class SpinningWorkerPool: @unchecked Sendable {
    /// The pool shared by the process: one worker per processor besides the caller.
    static let shared = SpinningWorkerPool(workerCount: Parallel.workerCount - 1)

    /// How long an idle worker spins before it sleeps, in nanoseconds.
    private static let spinNanoseconds: UInt64 = 200_000

    private let workerCount: Int
    /// Incremented once per loop; workers run a loop when they see it change.
    private let generation = Atomic<Int>(0)
    /// The next iteration to claim in the current loop.
    private let nextIteration = Atomic<Int>(0)
    /// Workers that have not yet finished the current loop (and dropped their use of its body).
    private let workersStillRunning = Atomic<Int>(0)
    private let isBusy = Atomic<Bool>(false)
    private let sleepingWorkers = Atomic<Int>(0)
    /// The current loop: written by the caller before `generation` is published, read by workers after.
    private nonisolated(unsafe) var iterations = 0
    private nonisolated(unsafe) var body: UnsafePointer<(Int) -> Void>?
    private let sleepLock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeUp = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private init(workerCount: Int) {
        self.workerCount = max(0, workerCount)
        pthread_mutex_init(sleepLock, nil)
        pthread_cond_init(wakeUp, nil)
        for _ in 0..<self.workerCount { startWorker() }
    }

    /// Runs `body(i)` for every `i` in `0..<iterations`, on the caller and the workers, and
    /// returns when all have finished.
    func perform(_ iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 1, workerCount > 0,
              isBusy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for iteration in 0..<iterations { body(iteration) }
            return
        }
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: body) { bodyPointer in
                self.iterations = iterations
                self.body = bodyPointer
                nextIteration.store(0, ordering: .relaxed)
                workersStillRunning.store(workerCount, ordering: .relaxed)
                generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
                if sleepingWorkers.load(ordering: .sequentiallyConsistent) > 0 {
                    pthread_mutex_lock(sleepLock)
                    pthread_cond_broadcast(wakeUp)
                    pthread_mutex_unlock(sleepLock)
                }
                runClaimedIterations()
                waitForWorkers()
                self.body = nil
            }
        }
        isBusy.store(false, ordering: .releasing)
    }

    /// Spins until every worker has finished the current loop, yielding the processor once the
    /// wait grows long (a worker descheduled by another process needs it back to finish).
    private func waitForWorkers() {
        var spins = 0
        while workersStillRunning.load(ordering: .acquiring) > 0 {
            spins += 1
            if spins > 4096 { sched_yield() }
        }
    }

    /// Claims and runs iterations of the current loop until none are left.
    @inline(never)
    private func runClaimedIterations() {
        guard let body else { return }
        while true {
            let iteration = nextIteration.wrappingAdd(1, ordering: .relaxed).oldValue
            guard iteration < iterations else { return }
            body.pointee(iteration)
        }
    }

    private func workerLoop() -> Never {
        var seenGeneration = 0   // the value before any loop, whenever this thread starts
        while true {
            seenGeneration = waitForNextLoop(after: seenGeneration)
            runClaimedIterations()
            workersStillRunning.subtract(1, ordering: .releasing)
        }
    }

    /// Spins until `generation` moves past `seen`, then sleeps until it does; returns the new value.
    private func waitForNextLoop(after seen: Int) -> Int {
        let spinDeadline = monotonicNanoseconds() + Self.spinNanoseconds
        var spins = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            spins += 1
            if spins & 1023 == 0 && monotonicNanoseconds() > spinDeadline { break }
        }
        pthread_mutex_lock(sleepLock)
        sleepingWorkers.wrappingAdd(1, ordering: .sequentiallyConsistent)
        var current = generation.load(ordering: .sequentiallyConsistent)
        while current == seen {
            pthread_cond_wait(wakeUp, sleepLock)
            current = generation.load(ordering: .sequentiallyConsistent)
        }
        sleepingWorkers.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(sleepLock)
        return current
    }

    private func startWorker() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            Unmanaged<SpinningWorkerPool>.fromOpaque(context!).takeUnretainedValue().workerLoop()
        }, context)
        precondition(created == 0, "SpinningWorkerPool: pthread_create failed with \(created)")
        pthread_detach(thread)
    }
}

private func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
