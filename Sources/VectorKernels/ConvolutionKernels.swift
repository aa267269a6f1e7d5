/// One vector width's specialisation of ``DirectCorrelation``, ``RowProductSums`` and ``ChannelVolumeFilter``, as a value the caller picks at
/// run time once it knows what the CPU can execute. `VectorKernelsAVX2` and `VectorKernelsAVX512`
/// each make one; calling them on a CPU without those instructions is undefined (an illegal
/// instruction).
public struct ConvolutionKernels: Sendable {
    /// Floats per vector: flat position ranges given to ``correlateWeights`` are multiples of it.
    public let lanes: Int
    /// Flat positions per register tile: position ranges given to ``correlate`` are multiples of it.
    public let positionsPerTile: Int
    /// ``DirectCorrelation/correlate(input:planeStride:channels:tapOffsets:weights:outputChannels:output:outputStride:positions:start:)``
    /// at this width; arguments in the same order.
    public let correlate: @Sendable (
        _ input: UnsafePointer<Float>, _ planeStride: Int, _ channels: Int, _ tapOffsets: UnsafeBufferPointer<Int>,
        _ weights: UnsafePointer<Float>, _ outputChannels: Int, _ output: UnsafeMutablePointer<Float>,
        _ outputStride: Int, _ positions: Range<Int>, _ start: CorrelationStart) -> Void
    /// ``DirectCorrelation/correlateWeights(input:planeStride:channel:totalChannels:tapOffsets:outputGradient:outputStride:outputTile:positions:gradient:)``
    /// at this width; arguments in the same order.
    public let correlateWeights: @Sendable (
        _ input: UnsafePointer<Float>, _ planeStride: Int, _ channel: Int, _ totalChannels: Int,
        _ tapOffsets: UnsafeBufferPointer<Int>, _ outputGradient: UnsafePointer<Float>, _ outputStride: Int,
        _ outputTile: Int, _ positions: Range<Int>, _ gradient: UnsafeMutablePointer<Float>) -> Void
    /// ``RowProductSums/accumulateProducts(_:aRows:aStride:_:bRows:bStride:count:into:)`` at this
    /// width; arguments in the same order.
    public let accumulateRowProducts: @Sendable (
        _ a: UnsafePointer<Float>, _ aRows: Int, _ aStride: Int, _ b: UnsafePointer<Float>, _ bRows: Int, _ bStride: Int,
        _ count: Int, _ sums: UnsafeMutablePointer<Float>) -> Void
    /// ``RowProductSums/accumulateSums(_:aRows:aStride:count:into:)`` at this width; arguments in
    /// the same order.
    public let accumulateRowSums: @Sendable (
        _ a: UnsafePointer<Float>, _ aRows: Int, _ aStride: Int, _ count: Int, _ sums: UnsafeMutablePointer<Float>) -> Void
    /// Flat positions per block of ``filterChannelVolume``: outputs are written in whole blocks.
    public let channelVolumeBlock: Int
    /// ``ChannelVolumeFilter/filter(sources:sourceCount:sourceStride:tapOffsets:taps:filterStride:first:second:count:)``
    /// at this width; arguments in the same order.
    public let filterChannelVolume: @Sendable (
        _ sources: UnsafePointer<Float>, _ sourceCount: Int, _ sourceStride: Int, _ tapOffsets: UnsafeBufferPointer<Int>,
        _ taps: UnsafePointer<Float>, _ filterStride: Int, _ first: UnsafeMutablePointer<Float>,
        _ second: UnsafeMutablePointer<Float>?, _ count: Int) -> Void
    /// ``ChannelVolumeFilter/accumulateTapGradients(first:second:source:tapOffsets:count:sums:)`` at this
    /// width; arguments in the same order.
    public let accumulateChannelVolumeTapGradients: @Sendable (
        _ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>?, _ source: UnsafePointer<Float>,
        _ tapOffsets: UnsafeBufferPointer<Int>, _ count: Int, _ sums: UnsafeMutablePointer<Double>) -> Void

    /// The kernels of ``DirectCorrelation``, ``RowProductSums`` and ``ChannelVolumeFilter`` specialised for `Vector`. Call it from a module
    /// compiled for the instructions that vector should use: the specialisation is compiled there.
    @inlinable
    public init<Vector: SIMD & SendableMetatype>(vector: Vector.Type) where Vector.Scalar == Float {
        lanes = Vector.scalarCount
        positionsPerTile = DirectCorrelation<Vector>.positionsPerTile
        correlate = { input, planeStride, channels, tapOffsets, weights, outputChannels, output, outputStride, positions, start in
            DirectCorrelation<Vector>.correlate(
                input: input, planeStride: planeStride, channels: channels, tapOffsets: tapOffsets, weights: weights,
                outputChannels: outputChannels, output: output, outputStride: outputStride, positions: positions,
                start: start)
        }
        correlateWeights = { input, planeStride, channel, totalChannels, tapOffsets, outputGradient, outputStride, outputTile, positions, gradient in
            DirectCorrelation<Vector>.correlateWeights(
                input: input, planeStride: planeStride, channel: channel, totalChannels: totalChannels,
                tapOffsets: tapOffsets, outputGradient: outputGradient, outputStride: outputStride,
                outputTile: outputTile, positions: positions, gradient: gradient)
        }
        accumulateRowProducts = { a, aRows, aStride, b, bRows, bStride, count, sums in
            RowProductSums<Vector>.accumulateProducts(a, aRows: aRows, aStride: aStride, b, bRows: bRows, bStride: bStride,
                                                      count: count, into: sums)
        }
        accumulateRowSums = { a, aRows, aStride, count, sums in
            RowProductSums<Vector>.accumulateSums(a, aRows: aRows, aStride: aStride, count: count, into: sums)
        }
        channelVolumeBlock = ChannelVolumeFilter<Vector>.positionsPerBlock
        filterChannelVolume = { sources, sourceCount, sourceStride, tapOffsets, taps, filterStride, first, second, count in
            ChannelVolumeFilter<Vector>.filter(sources: sources, sourceCount: sourceCount, sourceStride: sourceStride,
                                               tapOffsets: tapOffsets, taps: taps, filterStride: filterStride,
                                               first: first, second: second, count: count)
        }
        accumulateChannelVolumeTapGradients = { first, second, source, tapOffsets, count, sums in
            ChannelVolumeFilter<Vector>.accumulateTapGradients(first: first, second: second, source: source,
                                                               tapOffsets: tapOffsets, count: count, sums: sums)
        }
    }
}
