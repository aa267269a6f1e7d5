import Synchronization
import Testing
@testable import Parallelism

@Suite struct ParallelTests {
    @Test func everyIterationRunsExactlyOnce() {
        for iterations in [0, 1, 2, 3, 17, 1000] {
            let counts = Mutex([Int](repeating: 0, count: iterations))
            Parallel.concurrentPerform(iterations) { iteration in counts.withLock { $0[iteration] += 1 } }
            #expect(counts.withLock { $0.allSatisfy { $0 == 1 } }, "\(iterations) iterations")
        }
    }

    @Test func mapGivesEveryIndexItsOwnResultInOrder() {
        for count in [0, 1, 2, 3, 17, 1000] {
            let calls = Atomic<Int>(0)
            let results = Parallel.map(count) { index -> Int in
                calls.wrappingAdd(1, ordering: .relaxed)
                return index * index
            }
            #expect(results == (0..<count).map { $0 * $0 } && calls.load(ordering: .relaxed) == count, "\(count) items")
        }
    }

    @Test func writesOfEveryThreadAreVisibleWhenTheLoopReturns() {
        let buffer = UnsafeMutableBufferPointer<Int>.allocate(capacity: 64 * 1024)
        defer { buffer.deallocate() }
        for round in 0..<200 {
            Parallel.concurrentPerform(64) { block in
                for index in block * 1024..<(block + 1) * 1024 { buffer[index] = index + round }
            }
            #expect(buffer.indices.allSatisfy { buffer[$0] == $0 + round }, "round \(round)")
        }
    }

    @Test func nestedLoopsFinishAndRunEveryInnerIteration() {
        let total = Atomic<Int>(0)
        Parallel.concurrentPerform(4) { outer in
            Parallel.concurrentPerform(8) { inner in total.wrappingAdd(outer * 8 + inner, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == (0..<32).reduce(0, +))
    }

    @Test func loopsStartedFromSeveralThreadsAtOnceAllFinish() async {
        let sums = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let count = 10_000 + task
                    var correct = 0
                    for _ in 0..<100 {
                        let sum = Parallel.sum(count, minimumPerChunk: 1000) { Double($0.reduce(0, +)) }
                        if sum == Double(count * (count - 1) / 2) { correct += 1 }
                    }
                    return correct
                }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(sums == Array(repeating: 100, count: 8))
    }

    @Test func runDoesEveryTaskAndRethrowsTheFirstFailureInListOrder() {
        struct Failure: Error, Equatable { let task: Int }
        let done = Mutex([Bool](repeating: false, count: 5))
        let tasks: [() throws -> Void] = (0..<5).map { task in
            {
                done.withLock { $0[task] = true }
                if task == 1 || task == 3 { throw Failure(task: task) }
            }
        }
        #expect(throws: Failure(task: 1)) { try Parallel.run(tasks) }
        #expect(done.withLock { $0 } == Array(repeating: true, count: 5))
        #expect(throws: Never.self) { try Parallel.run(Array(tasks[4...])) }
    }

    @Test func chunkedSumsAreTheSameRunToRun() {
        let partial: (Range<Int>) -> Double = { range in range.reduce(0.0) { $0 + 1 / Double($1 + 1) } }
        let first = Parallel.sum(1_000_000, minimumPerChunk: 1000, partial)
        for _ in 0..<20 { #expect(Parallel.sum(1_000_000, minimumPerChunk: 1000, partial).bitPattern == first.bitPattern) }
    }

    @Test func aLoopAfterTheWorkersFellAsleepStillRuns() async throws {
        Parallel.concurrentPerform(2) { _ in }
        try await Task.sleep(for: .milliseconds(20))   // far past the workers' spinning time
        let counts = Mutex([0, 0])
        Parallel.concurrentPerform(2) { iteration in counts.withLock { $0[iteration] += 1 } }
        #expect(counts.withLock { $0 } == [1, 1])
    }
}
