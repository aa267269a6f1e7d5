/// A 3x3 filter accumulated over whole planes, generic over the vector it computes with (the
/// channel-axis Conv3d of PackNet is a sum of such planes). Like ``DirectCorrelation`` it is
/// `@inlinable` so that `VectorKernelsAVX2` and `VectorKernelsAVX512` compile it for their
/// instructions.
public enum PlaneFilter3x3<Vector: SIMD> where Vector.Scalar == Float {
    /// `target[i][x] += Σ_{di,dj} filter[di·3 + dj] · plane[i + di − 1][x + dj − 1]` for every row
    /// `i < height` and column `x < width`, reading zero outside the plane.
    ///
    /// - Parameters:
    ///   - filter: nine taps, row-major (the row above first, left column first).
    ///   - zeroRow: at least `width` zeros (stands for the rows above the first and below the last).
    @inlinable
    public static func accumulate(into target: UnsafeMutablePointer<Float>, plane: UnsafePointer<Float>,
                                  height: Int, width: Int, filter: UnsafePointer<Float>, zeroRow: UnsafePointer<Float>) {
        let lanes = Vector.scalarCount
        let f00 = filter[0], f01 = filter[1], f02 = filter[2], f10 = filter[3], f11 = filter[4]
        let f12 = filter[5], f20 = filter[6], f21 = filter[7], f22 = filter[8]
        let v00 = Vector(repeating: f00), v01 = Vector(repeating: f01), v02 = Vector(repeating: f02)
        let v10 = Vector(repeating: f10), v11 = Vector(repeating: f11), v12 = Vector(repeating: f12)
        let v20 = Vector(repeating: f20), v21 = Vector(repeating: f21), v22 = Vector(repeating: f22)
        for i in 0..<height {
            let above = i > 0 ? plane + (i - 1) * width : zeroRow
            let centre = plane + i * width
            let below = i + 1 < height ? plane + (i + 1) * width : zeroRow
            let row = target + i * width
            // One output pixel with the columns outside the plane read as zero.
            func pixel(_ x: Int) -> Float {
                func taps(_ r: UnsafePointer<Float>, _ l: Float, _ c: Float, _ rt: Float) -> Float {
                    (x > 0 ? l * r[x - 1] : 0) + c * r[x] + (x + 1 < width ? rt * r[x + 1] : 0)
                }
                return taps(above, f00, f01, f02) + taps(centre, f10, f11, f12) + taps(below, f20, f21, f22)
            }
            guard width > 2 else {
                for x in 0..<width { row[x] += pixel(x) }
                continue
            }
            row[0] += pixel(0)
            var x = 1
            while x + lanes <= width - 1 {
                var sum = load(row + x)
                sum.addProduct(load(above + x - 1), v00); sum.addProduct(load(above + x), v01)
                sum.addProduct(load(above + x + 1), v02)
                sum.addProduct(load(centre + x - 1), v10); sum.addProduct(load(centre + x), v11)
                sum.addProduct(load(centre + x + 1), v12)
                sum.addProduct(load(below + x - 1), v20); sum.addProduct(load(below + x), v21)
                sum.addProduct(load(below + x + 1), v22)
                UnsafeMutableRawPointer(row + x).storeBytes(of: sum, as: Vector.self)
                x += lanes
            }
            while x < width { row[x] += pixel(x); x += 1 }
        }
    }

    /// `totals[di·3 + dj] += Σ_{i,x} outputGradient[i][x] · plane[i + di − 1][x + dj − 1]`, reading
    /// zero outside the plane: the gradient of ``accumulate(into:plane:height:width:filter:zeroRow:)``
    /// with respect to its nine taps. Each row's three shifted dot products are summed in vector
    /// lanes, then across lanes, then added to the Double totals, in a fixed order.
    @inlinable
    public static func accumulateFilterGradient(outputGradient: UnsafePointer<Float>, plane: UnsafePointer<Float>,
                                                height: Int, width: Int, totals: UnsafeMutablePointer<Double>) {
        for i in 0..<height {
            let outputRow = outputGradient + i * width
            for di in 0..<3 where i + di - 1 >= 0 && i + di - 1 < height {
                let (left, centre, right) = shiftedDots(outputRow, plane + (i + di - 1) * width, count: width)
                totals[di * 3] += Double(left); totals[di * 3 + 1] += Double(centre); totals[di * 3 + 2] += Double(right)
            }
        }
    }

    /// `(Σ a[x]·b[x−1], Σ a[x]·b[x], Σ a[x]·b[x+1])` over x in 0..<count, reading `b` as zero
    /// outside 0..<count.
    @inlinable @inline(__always)
    static func shiftedDots(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> (Float, Float, Float) {
        guard count > 1 else { return (0, count == 1 ? a[0] * b[0] : 0, 0) }
        let lanes = Vector.scalarCount
        var leftSums = Vector(), centreSums = Vector(), rightSums = Vector()
        var x = 1
        while x + lanes <= count - 1 {
            let values = load(a + x)
            leftSums.addProduct(values, load(b + x - 1))
            centreSums.addProduct(values, load(b + x))
            rightSums.addProduct(values, load(b + x + 1))
            x += lanes
        }
        var left = leftSums.sum(), centre = centreSums.sum(), right = rightSums.sum()
        while x < count - 1 {
            left += a[x] * b[x - 1]; centre += a[x] * b[x]; right += a[x] * b[x + 1]
            x += 1
        }
        let last = count - 1
        centre += a[0] * b[0] + a[last] * b[last]
        right += a[0] * b[1]
        left += a[last] * b[last - 1]
        return (left, centre, right)
    }

    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }
}
