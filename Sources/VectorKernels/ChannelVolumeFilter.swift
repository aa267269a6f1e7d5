/// Kernels of PackNet's channel-axis Conv3d (a 3x3x3 filter over a one-channel volume [C, h, w]),
/// generic over the vector they compute with and `@inlinable` for the same reason as
/// ``DirectCorrelation``: `VectorKernelsAVX2` and `VectorKernelsAVX512` compile them for their
/// instructions.
///
/// Like ``DirectCorrelation`` they work on *zero-padded volumes seen as one long row*: each plane
/// padded to (h + 2) × (w + 2), the planes one after another with a zero plane before the first
/// and after the last, so that the 27 taps are fixed flat offsets, the borders need no tests, and
/// small planes (4 × 3 at the bottom of the network) fill whole vectors. Positions in the padding
/// are computed too and ignored by the caller.
public enum ChannelVolumeFilter<Vector: SIMD> where Vector.Scalar == Float {
    /// Flat positions per block of ``filter(sources:sourceCount:sourceStride:tapOffsets:taps:filterStride:first:second:count:)``:
    /// outputs are written in whole blocks.
    @inlinable public static var positionsPerBlock: Int { 4 * Vector.scalarCount }

    /// `outputs[f][q] = Σ_{s<sourceCount} Σ_t taps[f·filterStride + s·T + t] · sources[s·sourceStride + q + tapOffsets[t]]`
    /// for `q` in `0..<count` rounded up to a whole block, and the one or two filters `f` given
    /// (T = `tapOffsets.count`).
    ///
    /// - Parameters:
    ///   - sources: readable from `q + min(tapOffsets)` to `q + max(tapOffsets)` for every
    ///     computed `q`, in each of the `sourceCount` volumes.
    ///   - first, second: room for `count` rounded up to ``positionsPerBlock`` floats each
    ///     (`second` nil: one filter).
    @inlinable
    public static func filter(
        sources: UnsafePointer<Float>, sourceCount: Int, sourceStride: Int, tapOffsets: UnsafeBufferPointer<Int>,
        taps: UnsafePointer<Float>, filterStride: Int, first: UnsafeMutablePointer<Float>,
        second: UnsafeMutablePointer<Float>?, count: Int
    ) {
        let lanes = Vector.scalarCount, tapCount = tapOffsets.count
        for q in stride(from: 0, to: count, by: positionsPerBlock) {
            var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector()
            if let second {
                let secondTaps = taps + filterStride
                var b0 = Vector(), b1 = Vector(), b2 = Vector(), b3 = Vector()
                for s in 0..<sourceCount {
                    let volume = sources + s * sourceStride + q, tapRow = s * tapCount
                    for t in 0..<tapCount {
                        let pixels = volume + tapOffsets[t]
                        let x0 = load(pixels), x1 = load(pixels + lanes), x2 = load(pixels + 2 * lanes)
                        let x3 = load(pixels + 3 * lanes)
                        let u = Vector(repeating: taps[tapRow + t]), v = Vector(repeating: secondTaps[tapRow + t])
                        a0.addProduct(x0, u); a1.addProduct(x1, u); a2.addProduct(x2, u); a3.addProduct(x3, u)
                        b0.addProduct(x0, v); b1.addProduct(x1, v); b2.addProduct(x2, v); b3.addProduct(x3, v)
                    }
                }
                store(b0, b1, b2, b3, second + q)
            } else {
                for s in 0..<sourceCount {
                    let volume = sources + s * sourceStride + q, tapRow = s * tapCount
                    for t in 0..<tapCount {
                        let pixels = volume + tapOffsets[t], u = Vector(repeating: taps[tapRow + t])
                        a0.addProduct(load(pixels), u); a1.addProduct(load(pixels + lanes), u)
                        a2.addProduct(load(pixels + 2 * lanes), u); a3.addProduct(load(pixels + 3 * lanes), u)
                    }
                }
            }
            store(a0, a1, a2, a3, first + q)
        }
    }

    /// `sums[f·T + t] += Σ_{q<count} gradients[f][q] · source[q + tapOffsets[t]]` for the one or
    /// two filters `f` given (T = `tapOffsets.count`): the taps' gradient of ``filter(sources:sourceCount:sourceStride:tapOffsets:taps:filterStride:first:second:count:)``
    /// with one source, given the outputs' gradient in the same flat layout (zero at the padding
    /// positions). Taps are taken nine at a time; each group's sums are per vector lane over the
    /// positions, then across lanes, then added to the Double totals, in a fixed order.
    ///
    /// - Parameters:
    ///   - first, second: `count` gradients each (`second` nil: one filter).
    ///   - source: readable from `min(tapOffsets)` to `count + max(tapOffsets)`.
    @inlinable
    public static func accumulateTapGradients(
        first: UnsafePointer<Float>, second: UnsafePointer<Float>?, source: UnsafePointer<Float>,
        tapOffsets: UnsafeBufferPointer<Int>, count: Int, sums: UnsafeMutablePointer<Double>
    ) {
        let lanes = Vector.scalarCount, tapCount = tapOffsets.count, filters = second == nil ? 1 : 2
        let other = second ?? first
        for group in stride(from: 0, to: tapCount, by: 9) {
            // Nine taps per group; a short last group repeats its last tap and drops it.
            func offset(_ index: Int) -> Int { tapOffsets[min(group + index, tapCount - 1)] }
            let o0 = offset(0), o1 = offset(1), o2 = offset(2), o3 = offset(3), o4 = offset(4)
            let o5 = offset(5), o6 = offset(6), o7 = offset(7), o8 = offset(8)
            var a0 = Vector(), a1 = Vector(), a2 = Vector(), a3 = Vector(), a4 = Vector(), a5 = Vector()
            var a6 = Vector(), a7 = Vector(), a8 = Vector()
            var b0 = Vector(), b1 = Vector(), b2 = Vector(), b3 = Vector(), b4 = Vector(), b5 = Vector()
            var b6 = Vector(), b7 = Vector(), b8 = Vector()
            var q = 0
            while q < count {
                var d = load(first + q), e = load(other + q)
                if q + lanes > count {
                    for lane in (count - q)..<lanes { d[lane] = 0; e[lane] = 0 }
                }
                let pixels = source + q
                var p = load(pixels + o0); a0.addProduct(d, p); b0.addProduct(e, p)
                p = load(pixels + o1); a1.addProduct(d, p); b1.addProduct(e, p)
                p = load(pixels + o2); a2.addProduct(d, p); b2.addProduct(e, p)
                p = load(pixels + o3); a3.addProduct(d, p); b3.addProduct(e, p)
                p = load(pixels + o4); a4.addProduct(d, p); b4.addProduct(e, p)
                p = load(pixels + o5); a5.addProduct(d, p); b5.addProduct(e, p)
                p = load(pixels + o6); a6.addProduct(d, p); b6.addProduct(e, p)
                p = load(pixels + o7); a7.addProduct(d, p); b7.addProduct(e, p)
                p = load(pixels + o8); a8.addProduct(d, p); b8.addProduct(e, p)
                q += lanes
            }
            let groupSums = [[a0, a1, a2, a3, a4, a5, a6, a7, a8], [b0, b1, b2, b3, b4, b5, b6, b7, b8]]
            for f in 0..<filters {
                for t in 0..<min(9, tapCount - group) { sums[f * tapCount + group + t] += Double(groupSums[f][t].sum()) }
            }
        }
    }

    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inlinable @inline(__always)
    static func store(_ s0: Vector, _ s1: Vector, _ s2: Vector, _ s3: Vector, _ target: UnsafeMutablePointer<Float>) {
        let raw = UnsafeMutableRawPointer(target), bytes = 4 * Vector.scalarCount
        raw.storeBytes(of: s0, as: Vector.self)
        raw.storeBytes(of: s1, toByteOffset: bytes, as: Vector.self)
        raw.storeBytes(of: s2, toByteOffset: 2 * bytes, as: Vector.self)
        raw.storeBytes(of: s3, toByteOffset: 3 * bytes, as: Vector.self)
    }
}
