/// Integer grid cells packed into one `UInt64` key: 21 bits per axis, so coordinates in
/// `[-2^20, 2^20)` (±21 km at 2 cm cells).
enum VoxelKey {
    /// Marks an empty table slot and a point that has no cell (outside the range, or not finite).
    static let none = UInt64.max
    private static let bias: Float = 1_048_576

    /// The key of the cell containing `point` for cells of size `1 / inverseSize`, or `none`.
    @inline(__always)
    static func key(of point: SIMD3<Float>, inverseSize: Float) -> UInt64 {
        let cell = (point * inverseSize).rounded(.down) + bias
        guard all((cell .>= 0) .& (cell .< 2 * bias)) else { return none }   // false for NaN too
        return UInt64(cell.x) << 42 | UInt64(cell.y) << 21 | UInt64(cell.z)
    }

    /// The integer cell coordinates of `key`.
    @inline(__always)
    static func cell(of key: UInt64) -> SIMD3<Int32> {
        let mask: UInt64 = (1 << 21) - 1
        let biased = SIMD3<Int64>(Int64(key >> 42), Int64((key >> 21) & mask), Int64(key & mask)) &- (1 << 20)
        return SIMD3<Int32>(truncatingIfNeeded: biased)
    }

    /// The key of integer cell `cell` (which must be in range).
    @inline(__always)
    static func key(ofCell cell: SIMD3<Int32>) -> UInt64 {
        let biased = SIMD3<UInt64>(truncatingIfNeeded: SIMD3<Int64>(truncatingIfNeeded: cell) &+ (1 << 20))
        return biased.x << 42 | biased.y << 21 | biased.z
    }
}

/// An open-addressing (linear probing) map from voxel keys to dense indices `0, 1, 2, …` in
/// order of insertion. Grows at half load; memory is proportional to the number of keys.
struct VoxelHashTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt32]
    private var shift: UInt64
    /// Number of keys stored.
    private(set) var count = 0

    /// An empty table.
    init() {
        keys = Array(repeating: VoxelKey.none, count: 1024)
        values = Array(repeating: 0, count: 1024)
        shift = 64 - 10
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The index of `key`, inserting it with the next free index when absent.
    @inline(__always)
    mutating func index(inserting key: UInt64) -> (index: Int, inserted: Bool) {
        if 2 * (count + 1) > keys.count { grow() }
        let mask = keys.count - 1
        var slot = slot(key)
        let found: Int? = keys.withUnsafeBufferPointer { keys in
            while true {
                let stored = keys[slot]
                if stored == key { return slot }
                if stored == VoxelKey.none { return nil }
                slot = (slot + 1) & mask
            }
        }
        if let found { return (Int(values[found]), false) }
        keys[slot] = key
        values[slot] = UInt32(count)
        count += 1
        return (count - 1, true)
    }

    /// The index of `key`, if present.
    @inline(__always)
    func index(of key: UInt64) -> Int? {
        let mask = keys.count - 1
        var slot = slot(key)
        let found: Int? = keys.withUnsafeBufferPointer { keys in
            while true {
                let stored = keys[slot]
                if stored == key { return slot }
                if stored == VoxelKey.none { return nil }
                slot = (slot + 1) & mask
            }
        }
        return found.map { Int(values[$0]) }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: VoxelKey.none, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        let mask = keys.count - 1
        for (key, value) in zip(oldKeys, oldValues) where key != VoxelKey.none {
            var slot = slot(key)
            while keys[slot] != VoxelKey.none { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }
}
