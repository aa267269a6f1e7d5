import Parallelism

/// A fixed-size, 64-byte aligned buffer of `Float` owned by one or more tensors.
///
/// Reference semantics: tensors that share storage (a reshape, a detached copy) see the same
/// values. Freed when the last owner goes away.
public final class TensorStorage: @unchecked Sendable {
    /// Number of floats.
    public let count: Int
    /// The first float; valid for `count` elements while this object lives.
    public let pointer: UnsafeMutablePointer<Float>

    /// Allocates `count` uninitialised floats.
    public init(count: Int) {
        precondition(count >= 0, "TensorStorage: negative count \(count)")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }

    /// The values as a buffer.
    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    /// Sets every value to `value`; large buffers (fresh gradients in `backward()`) on all cores.
    public func fill(_ value: Float) {
        let pointer = self.pointer
        Parallel.forEachChunk(count, minimumPerChunk: 1 << 16) { range in
            (pointer + range.lowerBound).update(repeating: value, count: range.count)
        }
    }

    /// A new storage holding a copy of these values.
    public func copy() -> TensorStorage {
        let result = TensorStorage(count: count)
        result.pointer.update(from: pointer, count: count)
        return result
    }
}
