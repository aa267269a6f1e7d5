/// What ``DirectCorrelation/correlate(input:planeStride:channels:tapOffsets:weights:outputChannels:output:outputStride:positions:start:)``
/// adds its sums to.
public enum CorrelationStart: @unchecked Sendable {
    /// Nothing: the output is overwritten with the sums.
    case zero
    /// Each output channel's bias, `bias[o]`: the output is overwritten with `bias + sum`.
    case bias(UnsafePointer<Float>)
    /// The output's values (gradients accumulating).
    case existing

    /// `.bias(bias)`, or `.zero` without a bias.
    public static func adding(bias: UnsafePointer<Float>?) -> CorrelationStart {
        bias.map { .bias($0) } ?? .zero
    }
}

/// Register-tiled kernels for stride-1 convolutions of small channel counts, generic over the
/// vector they compute with. This module is compiled for the baseline CPU; the code that runs is
/// the specialisation that `VectorKernelsAVX2` (8-float vectors, compiled for AVX2 + FMA) or
/// `VectorKernelsAVX512` (16-float vectors, compiled for AVX-512) makes of these `@inlinable`
/// bodies, which is why everything here is inlinable: the instructions are chosen where the
/// body is specialised.
///
/// Both kernels work on *padded planes seen as one long row*: a plane zero-padded to width `Wp`
/// is stored row after row, so the input pixel that kernel tap (kh, kw) sees at flat output
/// position `q = oh·Wp + ow` is `q + kh·Wp + kw`. A convolution becomes a sum of shifted copies
/// (`tapOffsets`), the padding needs no tests in the inner loops, and the columns `ow ≥ OW` of
/// each output row are computed and ignored (2·padding of every `Wp`).
public enum DirectCorrelation<Vector: SIMD> where Vector.Scalar == Float {
    /// Output channels per register tile (a multiple of it is what the kernels expect).
    @inlinable public static var channelsPerTile: Int { 4 }
    /// Vectors of flat positions per register tile of ``correlate(input:planeStride:channels:tapOffsets:weights:outputChannels:output:outputStride:positions:start:)``:
    /// five with 16-float vectors (AVX-512 has 32 vector registers: 20 accumulators, five pixel
    /// vectors, one weight), three with narrower ones (AVX2 has 16: 12 + 3 + 1). The wider tile
    /// loads four weights and five pixel vectors per 20 multiply-adds instead of seven per 12.
    @inlinable public static var vectorsPerTile: Int { Vector.scalarCount >= 16 ? 5 : 3 }
    /// Flat output positions per register tile of ``correlate(input:planeStride:channels:tapOffsets:weights:outputChannels:output:outputStride:positions:start:)``.
    @inlinable public static var positionsPerTile: Int { vectorsPerTile * Vector.scalarCount }

    /// `output[o][q] = Σ_c Σ_t weights[(c·T + t)·O + o] · input[c·planeStride + q + tapOffsets[t]]`
    /// for every output channel `o < outputChannels` and flat position `q` in `positions`.
    ///
    /// - Parameters:
    ///   - input: `channels` padded planes, `planeStride` floats apart; readable up to
    ///     `positions.upperBound + max(tapOffsets)` in each plane.
    ///   - weights: [C, T, O], output channel fastest (T = `tapOffsets.count`).
    ///   - outputChannels: O, a multiple of ``channelsPerTile``.
    ///   - output: [O, outputStride]; written at `positions` (read there first with `start` `.existing`).
    ///   - positions: flat positions, both bounds multiples of ``positionsPerTile``.
    ///   - start: what the sums are added to.
    @inlinable
    public static func correlate(
        input: UnsafePointer<Float>, planeStride: Int, channels: Int,
        tapOffsets: UnsafeBufferPointer<Int>, weights: UnsafePointer<Float>, outputChannels: Int,
        output: UnsafeMutablePointer<Float>, outputStride: Int, positions: Range<Int>, start: CorrelationStart = .zero
    ) {
        precondition(outputChannels % channelsPerTile == 0 && positions.lowerBound % positionsPerTile == 0
                     && positions.count % positionsPerTile == 0, "DirectCorrelation.correlate: tile misalignment")
        if vectorsPerTile == 5 {
            correlateFiveVectors(input, planeStride, channels, tapOffsets, weights, outputChannels, output, outputStride,
                                 positions, start)
            return
        }
        let width = Vector.scalarCount
        forEachTile(outputChannels, positions) { firstChannel, q in
            let row = output + firstChannel * outputStride + q
            let r0 = row, r1 = row + outputStride, r2 = row + 2 * outputStride, r3 = row + 3 * outputStride
            var a00 = initial(start, r0, firstChannel, 0), a01 = initial(start, r0, firstChannel, width)
            var a02 = initial(start, r0, firstChannel, 2 * width)
            var a10 = initial(start, r1, firstChannel + 1, 0), a11 = initial(start, r1, firstChannel + 1, width)
            var a12 = initial(start, r1, firstChannel + 1, 2 * width)
            var a20 = initial(start, r2, firstChannel + 2, 0), a21 = initial(start, r2, firstChannel + 2, width)
            var a22 = initial(start, r2, firstChannel + 2, 2 * width)
            var a30 = initial(start, r3, firstChannel + 3, 0), a31 = initial(start, r3, firstChannel + 3, width)
            var a32 = initial(start, r3, firstChannel + 3, 2 * width)
            forEachTap(input, planeStride, channels, tapOffsets, weights, outputChannels, firstChannel, q) { pixels, w in
                let x0 = load(pixels), x1 = load(pixels + width), x2 = load(pixels + 2 * width)
                let w0 = Vector(repeating: w[0]), w1 = Vector(repeating: w[1])
                a00.addProduct(x0, w0); a01.addProduct(x1, w0); a02.addProduct(x2, w0)
                a10.addProduct(x0, w1); a11.addProduct(x1, w1); a12.addProduct(x2, w1)
                let w2 = Vector(repeating: w[2]), w3 = Vector(repeating: w[3])
                a20.addProduct(x0, w2); a21.addProduct(x1, w2); a22.addProduct(x2, w2)
                a30.addProduct(x0, w3); a31.addProduct(x1, w3); a32.addProduct(x2, w3)
            }
            store(a00, a01, a02, r0); store(a10, a11, a12, r1)
            store(a20, a21, a22, r2); store(a30, a31, a32, r3)
        }
    }

    /// ``correlate(input:planeStride:channels:tapOffsets:weights:outputChannels:output:outputStride:positions:start:)``
    /// with tiles of four channels by five vectors (``vectorsPerTile`` five).
    @inlinable @inline(__always)
    static func correlateFiveVectors(
        _ input: UnsafePointer<Float>, _ planeStride: Int, _ channels: Int, _ tapOffsets: UnsafeBufferPointer<Int>,
        _ weights: UnsafePointer<Float>, _ outputChannels: Int, _ output: UnsafeMutablePointer<Float>,
        _ outputStride: Int, _ positions: Range<Int>, _ start: CorrelationStart
    ) {
        let width = Vector.scalarCount
        forEachTile(outputChannels, positions) { firstChannel, q in
            let row = output + firstChannel * outputStride + q
            let r0 = row, r1 = row + outputStride, r2 = row + 2 * outputStride, r3 = row + 3 * outputStride
            let c0 = firstChannel, c1 = firstChannel + 1, c2 = firstChannel + 2, c3 = firstChannel + 3
            var a00 = initial(start, r0, c0, 0), a01 = initial(start, r0, c0, width), a02 = initial(start, r0, c0, 2 * width)
            var a03 = initial(start, r0, c0, 3 * width), a04 = initial(start, r0, c0, 4 * width)
            var a10 = initial(start, r1, c1, 0), a11 = initial(start, r1, c1, width), a12 = initial(start, r1, c1, 2 * width)
            var a13 = initial(start, r1, c1, 3 * width), a14 = initial(start, r1, c1, 4 * width)
            var a20 = initial(start, r2, c2, 0), a21 = initial(start, r2, c2, width), a22 = initial(start, r2, c2, 2 * width)
            var a23 = initial(start, r2, c2, 3 * width), a24 = initial(start, r2, c2, 4 * width)
            var a30 = initial(start, r3, c3, 0), a31 = initial(start, r3, c3, width), a32 = initial(start, r3, c3, 2 * width)
            var a33 = initial(start, r3, c3, 3 * width), a34 = initial(start, r3, c3, 4 * width)
            forEachTap(input, planeStride, channels, tapOffsets, weights, outputChannels, firstChannel, q) { pixels, w in
                let x0 = load(pixels), x1 = load(pixels + width), x2 = load(pixels + 2 * width)
                let x3 = load(pixels + 3 * width), x4 = load(pixels + 4 * width)
                let w0 = Vector(repeating: w[0])
                a00.addProduct(x0, w0); a01.addProduct(x1, w0); a02.addProduct(x2, w0)
                a03.addProduct(x3, w0); a04.addProduct(x4, w0)
                let w1 = Vector(repeating: w[1])
                a10.addProduct(x0, w1); a11.addProduct(x1, w1); a12.addProduct(x2, w1)
                a13.addProduct(x3, w1); a14.addProduct(x4, w1)
                let w2 = Vector(repeating: w[2])
                a20.addProduct(x0, w2); a21.addProduct(x1, w2); a22.addProduct(x2, w2)
                a23.addProduct(x3, w2); a24.addProduct(x4, w2)
                let w3 = Vector(repeating: w[3])
                a30.addProduct(x0, w3); a31.addProduct(x1, w3); a32.addProduct(x2, w3)
                a33.addProduct(x3, w3); a34.addProduct(x4, w3)
            }
            store(a00, a01, a02, r0); store(a03, a04, r0 + 3 * width)
            store(a10, a11, a12, r1); store(a13, a14, r1 + 3 * width)
            store(a20, a21, a22, r2); store(a23, a24, r2 + 3 * width)
            store(a30, a31, a32, r3); store(a33, a34, r3 + 3 * width)
        }
    }

    /// Calls `body(firstChannel, q)` for every register tile of ``correlate(input:planeStride:channels:tapOffsets:weights:outputChannels:output:outputStride:positions:start:)``:
    /// each ``channelsPerTile`` output channels from `firstChannel`, each ``positionsPerTile``
    /// flat positions from `q`.
    @inlinable @inline(__always)
    static func forEachTile(_ outputChannels: Int, _ positions: Range<Int>, _ body: (Int, Int) -> Void) {
        for firstChannel in stride(from: 0, to: outputChannels, by: channelsPerTile) {
            for q in stride(from: positions.lowerBound, to: positions.upperBound, by: positionsPerTile) {
                body(firstChannel, q)
            }
        }
    }

    /// Calls `body(pixels, tapWeights)` for every input channel and tap of the tile at
    /// `firstChannel`, `q`: the tap's pixels from flat position `q`, and its weights for the
    /// tile's ``channelsPerTile`` output channels.
    @inlinable @inline(__always)
    static func forEachTap(
        _ input: UnsafePointer<Float>, _ planeStride: Int, _ channels: Int, _ tapOffsets: UnsafeBufferPointer<Int>,
        _ weights: UnsafePointer<Float>, _ outputChannels: Int, _ firstChannel: Int, _ q: Int,
        _ body: (UnsafePointer<Float>, UnsafePointer<Float>) -> Void
    ) {
        let taps = tapOffsets.count
        for channel in 0..<channels {
            let plane = input + channel * planeStride + q
            let tapWeights = weights + channel * taps * outputChannels + firstChannel
            for tap in 0..<taps { body(plane + tapOffsets[tap], tapWeights + tap * outputChannels) }
        }
    }

    /// `gradient[(o·C + c)·T + t] += Σ_{q ∈ positions} outputGradient[o·outputStride + q] ·
    /// input[c·planeStride + q + tapOffsets[t]]` for the ``channelsPerTile`` output channels `o`
    /// of `outputTile`, input channel `c` = `channel` and every tap t: one (tile, channel) share of
    /// the weight gradient of ``correlate(input:planeStride:channels:tapOffsets:weights:outputChannels:output:outputStride:positions:start:)``.
    ///
    /// - Parameters:
    ///   - outputGradient: [O, outputStride] with O ≥ 4·(`outputTile` + 1), zero at the ignored
    ///     columns of each row.
    ///   - totalChannels: C, the channel extent of `gradient`'s layout [O, C, T].
    ///   - positions: flat positions, both bounds multiples of `Vector.scalarCount`.
    /// Sums are taken per vector lane over `positions` and then across lanes, in a fixed order.
    @inlinable
    public static func correlateWeights(
        input: UnsafePointer<Float>, planeStride: Int, channel: Int, totalChannels: Int,
        tapOffsets: UnsafeBufferPointer<Int>, outputGradient: UnsafePointer<Float>, outputStride: Int, outputTile: Int,
        positions: Range<Int>, gradient: UnsafeMutablePointer<Float>
    ) {
        precondition(positions.lowerBound % Vector.scalarCount == 0
                     && positions.count % Vector.scalarCount == 0, "DirectCorrelation.correlateWeights: tile misalignment")
        let taps = tapOffsets.count, firstChannel = outputTile * channelsPerTile
        let g0 = outputGradient + firstChannel * outputStride, g1 = g0 + outputStride
        let g2 = g1 + outputStride, g3 = g2 + outputStride
        for firstTap in stride(from: 0, to: taps, by: 3) {
            // Three taps per tile; a short last group repeats its last tap and drops it.
            let t0 = firstTap, t1 = min(firstTap + 1, taps - 1), t2 = min(firstTap + 2, taps - 1)
            let plane = input + channel * planeStride
            let p0 = plane + tapOffsets[t0], p1 = plane + tapOffsets[t1], p2 = plane + tapOffsets[t2]
            var a00 = Vector(), a01 = Vector(), a02 = Vector()
            var a10 = Vector(), a11 = Vector(), a12 = Vector()
            var a20 = Vector(), a21 = Vector(), a22 = Vector()
            var a30 = Vector(), a31 = Vector(), a32 = Vector()
            for q in stride(from: positions.lowerBound, to: positions.upperBound, by: Vector.scalarCount) {
                let x0 = load(p0 + q), x1 = load(p1 + q), x2 = load(p2 + q)
                let d0 = load(g0 + q)
                a00.addProduct(d0, x0); a01.addProduct(d0, x1); a02.addProduct(d0, x2)
                let d1 = load(g1 + q)
                a10.addProduct(d1, x0); a11.addProduct(d1, x1); a12.addProduct(d1, x2)
                let d2 = load(g2 + q)
                a20.addProduct(d2, x0); a21.addProduct(d2, x1); a22.addProduct(d2, x2)
                let d3 = load(g3 + q)
                a30.addProduct(d3, x0); a31.addProduct(d3, x1); a32.addProduct(d3, x2)
            }
            let groupTaps = t2 == firstTap + 2 ? 3 : t1 == firstTap + 1 ? 2 : 1
            addSums(a00, a01, a02, groupTaps, gradient + ((firstChannel * totalChannels + channel) * taps + firstTap))
            addSums(a10, a11, a12, groupTaps, gradient + (((firstChannel + 1) * totalChannels + channel) * taps + firstTap))
            addSums(a20, a21, a22, groupTaps, gradient + (((firstChannel + 2) * totalChannels + channel) * taps + firstTap))
            addSums(a30, a31, a32, groupTaps, gradient + (((firstChannel + 3) * totalChannels + channel) * taps + firstTap))
        }
    }

    /// Adds the lane sums of the first `count` of three accumulators to `target[0..<count]`.
    @inlinable @inline(__always)
    static func addSums(_ s0: Vector, _ s1: Vector, _ s2: Vector, _ count: Int, _ target: UnsafeMutablePointer<Float>) {
        target[0] += s0.sum()
        if count > 1 { target[1] += s1.sum() }
        if count > 2 { target[2] += s2.sum() }
    }

    /// An accumulator's starting value for output channel `channel` at `row + offset`.
    @inlinable @inline(__always)
    static func initial(_ start: CorrelationStart, _ row: UnsafeMutablePointer<Float>, _ channel: Int, _ offset: Int) -> Vector {
        switch start {
        case .zero: Vector()
        case .bias(let bias): Vector(repeating: bias[channel])
        case .existing: load(row + offset)
        }
    }

    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inlinable @inline(__always)
    static func store(_ v0: Vector, _ v1: Vector, _ target: UnsafeMutablePointer<Float>) {
        let raw = UnsafeMutableRawPointer(target)
        raw.storeBytes(of: v0, as: Vector.self)
        raw.storeBytes(of: v1, toByteOffset: 4 * Vector.scalarCount, as: Vector.self)
    }

    @inlinable @inline(__always)
    static func store(_ v0: Vector, _ v1: Vector, _ v2: Vector, _ target: UnsafeMutablePointer<Float>) {
        let raw = UnsafeMutableRawPointer(target), bytes = 4 * Vector.scalarCount
        raw.storeBytes(of: v0, as: Vector.self)
        raw.storeBytes(of: v1, toByteOffset: bytes, as: Vector.self)
        raw.storeBytes(of: v2, toByteOffset: 2 * bytes, as: Vector.self)
    }
}
