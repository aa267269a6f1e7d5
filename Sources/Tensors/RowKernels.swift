/// Row reductions with eight partial sums combined in a fixed order: the compiler vectorises
/// them (a single running Float sum cannot be reordered, so it stays scalar), and results are
/// the same run to run. (A `SIMD8<Float>` accumulator measured 11x slower than this here.)
enum RowKernels {
    /// `Σ a[i]·(b[i] − offset)` for i in 0..<count.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, offset: Float = 0) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
        var index = 0
        while index + 8 <= count {
            s0 += a[index] * (b[index] - offset); s1 += a[index + 1] * (b[index + 1] - offset)
            s2 += a[index + 2] * (b[index + 2] - offset); s3 += a[index + 3] * (b[index + 3] - offset)
            s4 += a[index + 4] * (b[index + 4] - offset); s5 += a[index + 5] * (b[index + 5] - offset)
            s6 += a[index + 6] * (b[index + 6] - offset); s7 += a[index + 7] * (b[index + 7] - offset)
            index += 8
        }
        var sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
        while index < count { sum += a[index] * (b[index] - offset); index += 1 }
        return sum
    }

    /// `(Σ a[i]·b[i−1], Σ a[i]·b[i], Σ a[i]·b[i+1])` for i in 0..<count, reading `b` as zero
    /// outside 0..<count: three column shifts of one row pair in a single pass.
    @inline(__always)
    static func shiftedDots(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> (Float, Float, Float) {
        guard count > 1 else { return (0, count == 1 ? a[0] * b[0] : 0, 0) }
        // interior i in 1..<count−1 with four partial sums per shift, then both ends
        var l0: Float = 0, l1: Float = 0, l2: Float = 0, l3: Float = 0
        var c0: Float = 0, c1: Float = 0, c2: Float = 0, c3: Float = 0
        var r0: Float = 0, r1: Float = 0, r2: Float = 0, r3: Float = 0
        var index = 1
        while index + 4 <= count - 1 {
            let a0 = a[index], a1 = a[index + 1], a2 = a[index + 2], a3 = a[index + 3]
            l0 += a0 * b[index - 1]; l1 += a1 * b[index]; l2 += a2 * b[index + 1]; l3 += a3 * b[index + 2]
            c0 += a0 * b[index]; c1 += a1 * b[index + 1]; c2 += a2 * b[index + 2]; c3 += a3 * b[index + 3]
            r0 += a0 * b[index + 1]; r1 += a1 * b[index + 2]; r2 += a2 * b[index + 3]; r3 += a3 * b[index + 4]
            index += 4
        }
        var left = (l0 + l1) + (l2 + l3), centre = (c0 + c1) + (c2 + c3), right = (r0 + r1) + (r2 + r3)
        while index < count - 1 {
            left += a[index] * b[index - 1]; centre += a[index] * b[index]; right += a[index] * b[index + 1]
            index += 1
        }
        let last = count - 1
        centre += a[0] * b[0] + a[last] * b[last]
        right += a[0] * b[1]
        left += a[last] * b[last - 1]
        return (left, centre, right)
    }

    /// `Σ a[i]` for i in 0..<count.
    @inline(__always)
    static func sum(_ a: UnsafePointer<Float>, count: Int) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
        var index = 0
        while index + 8 <= count {
            s0 += a[index]; s1 += a[index + 1]; s2 += a[index + 2]; s3 += a[index + 3]
            s4 += a[index + 4]; s5 += a[index + 5]; s6 += a[index + 6]; s7 += a[index + 7]
            index += 8
        }
        var sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
        while index < count { sum += a[index]; index += 1 }
        return sum
    }

    /// `Σ (a[i] − offset)²` for i in 0..<count.
    @inline(__always)
    static func centredSquares(_ a: UnsafePointer<Float>, count: Int, offset: Float) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
        var index = 0
        while index + 8 <= count {
            let d0 = a[index] - offset, d1 = a[index + 1] - offset, d2 = a[index + 2] - offset, d3 = a[index + 3] - offset
            let d4 = a[index + 4] - offset, d5 = a[index + 5] - offset, d6 = a[index + 6] - offset, d7 = a[index + 7] - offset
            s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3
            s4 += d4 * d4; s5 += d5 * d5; s6 += d6 * d6; s7 += d7 * d7
            index += 8
        }
        var sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
        while index < count { let d = a[index] - offset; sum += d * d; index += 1 }
        return sum
    }
}
