import Testing
import VectorKernels
@testable import Tensors

/// The lane-wise row product sums (a 1x1 convolution's weight and bias gradients) against sums
/// in Double, at both kernel widths.
@Suite(.enabled(if: CPUFeatures.hasAVX2AndFMA, "the kernels need AVX2 and FMA"))
struct RowProductSumsTests {
    static let widths: [Int] = [8] + (CPUFeatures.hasAVX512 ? [16] : [])

    @Test(arguments: widths)
    func lanesAddUpToTheRowProducts(_ lanes: Int) throws {
        let kernels = try #require(runnableVectorKernels.first { $0.lanes == lanes })
        let aRows = 8, bRows = 12, count = 5 * lanes, aStride = count + 3, bStride = count + 7
        let a = ConvFixtures.random([aRows * aStride], seed: 121).values, b = ConvFixtures.random([bRows * bStride], seed: 122).values
        var products = [Float](repeating: 0.5, count: aRows * bRows * lanes)   // sums accumulate onto what is there
        var sums = [Float](repeating: -0.25, count: aRows * lanes)
        kernels.accumulateRowProducts(a, aRows, aStride, b, bRows, bStride, count, &products)
        kernels.accumulateRowSums(a, aRows, aStride, count, &sums)
        for i in 0..<aRows {
            for j in 0..<bRows {
                let expected = (0..<count).reduce(0.5 * Double(lanes)) { $0 + Double(a[i * aStride + $1]) * Double(b[j * bStride + $1]) }
                let laneTotal = (0..<lanes).reduce(0.0) { $0 + Double(products[(i * bRows + j) * lanes + $1]) }
                #expect(abs(laneTotal - expected) < 1e-4, "a row \(i), b row \(j)")
            }
            let expected = (0..<count).reduce(-0.25 * Double(lanes)) { $0 + Double(a[i * aStride + $1]) }
            let laneTotal = (0..<lanes).reduce(0.0) { $0 + Double(sums[i * lanes + $1]) }
            #expect(abs(laneTotal - expected) < 1e-4, "a row \(i)")
        }
    }

    /// Each lane holds the positions `k` with `k mod L = lane`.
    @Test(arguments: widths)
    func eachLaneSumsItsOwnPositions(_ lanes: Int) throws {
        let kernels = try #require(runnableVectorKernels.first { $0.lanes == lanes })
        let count = 3 * lanes
        let a = [Float](repeating: 1, count: 4 * count)
        let b = (0..<4 * count).map { Float($0 % count) }
        var products = [Float](repeating: 0, count: 16 * lanes)
        kernels.accumulateRowProducts(a, 4, count, b, 4, count, count, &products)
        for lane in 0..<lanes {
            #expect(products[lane] == Float(3 * lane + 3 * lanes), "lane \(lane)")   // lane + (lane + L) + (lane + 2L)
        }
    }
}
