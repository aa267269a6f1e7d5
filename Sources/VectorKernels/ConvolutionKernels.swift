/// One vector width's specialisation of ``DirectCorrelation`` and ``PlaneFilter3x3``, as a value the caller picks at
/// run time once it knows what the CPU can execute. `VectorKernelsAVX2` and `VectorKernelsAVX512`
/// each make one; calling them on a CPU without those instructions is undefined (an illegal
/// instruction).
public struct ConvolutionKernels: Sendable {
    /// Floats per vector: flat position ranges given to ``correlateWeights`` are multiples of it.
    public let lanes: Int
    /// Flat positions per register tile: position ranges given to ``correlate`` are multiples of it.
    public let positionsPerTile: Int
    /// ``DirectCorrelation/correlate(input:planeStride:channels:tapOffsets:weights:outputChannels:output:outputStride:positions:)``
    /// at this width; arguments in the same order.
    public let correlate: @Sendable (
        _ input: UnsafePointer<Float>, _ planeStride: Int, _ channels: Int, _ tapOffsets: UnsafeBufferPointer<Int>,
        _ weights: UnsafePointer<Float>, _ outputChannels: Int, _ output: UnsafeMutablePointer<Float>,
        _ outputStride: Int, _ positions: Range<Int>) -> Void
    /// ``DirectCorrelation/correlateWeights(input:planeStride:channel:totalChannels:tapOffsets:outputGradient:outputStride:outputTile:positions:gradient:)``
    /// at this width; arguments in the same order.
    public let correlateWeights: @Sendable (
        _ input: UnsafePointer<Float>, _ planeStride: Int, _ channel: Int, _ totalChannels: Int,
        _ tapOffsets: UnsafeBufferPointer<Int>, _ outputGradient: UnsafePointer<Float>, _ outputStride: Int,
        _ outputTile: Int, _ positions: Range<Int>, _ gradient: UnsafeMutablePointer<Float>) -> Void
    /// ``PlaneFilter3x3/accumulate(into:plane:height:width:filter:zeroRow:)`` at this width.
    public let accumulatePlaneFilter: @Sendable (
        _ target: UnsafeMutablePointer<Float>, _ plane: UnsafePointer<Float>, _ height: Int, _ width: Int,
        _ filter: UnsafePointer<Float>, _ zeroRow: UnsafePointer<Float>) -> Void
    /// ``PlaneFilter3x3/accumulateFilterGradient(outputGradient:plane:height:width:totals:)`` at this width.
    public let accumulatePlaneFilterGradient: @Sendable (
        _ outputGradient: UnsafePointer<Float>, _ plane: UnsafePointer<Float>, _ height: Int, _ width: Int,
        _ totals: UnsafeMutablePointer<Double>) -> Void

    /// The kernels of ``DirectCorrelation`` and ``PlaneFilter3x3`` specialised for `Vector`. Call it from a module
    /// compiled for the instructions that vector should use: the specialisation is compiled there.
    @inlinable
    public init<Vector: SIMD>(vector: Vector.Type) where Vector.Scalar == Float {
        lanes = Vector.scalarCount
        positionsPerTile = DirectCorrelation<Vector>.positionsPerTile
        correlate = { input, planeStride, channels, tapOffsets, weights, outputChannels, output, outputStride, positions in
            DirectCorrelation<Vector>.correlate(
                input: input, planeStride: planeStride, channels: channels, tapOffsets: tapOffsets, weights: weights,
                outputChannels: outputChannels, output: output, outputStride: outputStride, positions: positions)
        }
        correlateWeights = { input, planeStride, channel, totalChannels, tapOffsets, outputGradient, outputStride, outputTile, positions, gradient in
            DirectCorrelation<Vector>.correlateWeights(
                input: input, planeStride: planeStride, channel: channel, totalChannels: totalChannels,
                tapOffsets: tapOffsets, outputGradient: outputGradient, outputStride: outputStride,
                outputTile: outputTile, positions: positions, gradient: gradient)
        }
        accumulatePlaneFilter = { target, plane, height, width, filter, zeroRow in
            PlaneFilter3x3<Vector>.accumulate(into: target, plane: plane, height: height, width: width,
                                              filter: filter, zeroRow: zeroRow)
        }
        accumulatePlaneFilterGradient = { outputGradient, plane, height, width, totals in
            PlaneFilter3x3<Vector>.accumulateFilterGradient(outputGradient: outputGradient, plane: plane,
                                                            height: height, width: width, totals: totals)
        }
    }
}
