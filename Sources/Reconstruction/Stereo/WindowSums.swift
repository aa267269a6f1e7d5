/// Sums over the (2·radius + 1)² window around every pixel of one row, clipped at the image's
/// borders, of a plane `values`, of its squares and of its products with a plane `other`, kept
/// as running column sums so that moving down a row adds one row and removes one. Eight pixels
/// at a time.
struct WindowSums {
    let width: Int, height: Int, radius: Int
    private let values: UnsafePointer<Float>, other: UnsafePointer<Float>
    /// Three planes of `width`: the column sums of values, squares and products.
    private let columns: UnsafeMutablePointer<Float>
    /// Three planes of `width`: the window sums of the current row.
    let sums: UnsafeMutablePointer<Float>
    private var row = -1

    /// Sums of `values` and `other` (`width` x `height`, row-major), kept in `scratch` (6 · `width` values).
    init(values: UnsafePointer<Float>, other: UnsafePointer<Float>, width: Int, height: Int, radius: Int,
         scratch: UnsafeMutablePointer<Float>) {
        self.values = values; self.other = other
        self.width = width; self.height = height; self.radius = radius
        columns = scratch; sums = scratch + 3 * width
    }

    /// Moves to row `y` (from scratch unless it follows the current row) and fills ``sums``.
    mutating func move(to y: Int) {
        if y == row + 1 && row >= 0 {
            if y + radius < height { accumulate(row: y + radius, sign: 1) }
            if y - radius - 1 >= 0 { accumulate(row: y - radius - 1, sign: -1) }
        } else {
            columns.update(repeating: 0, count: 3 * width)
            for source in max(y - radius, 0)...min(y + radius, height - 1) { accumulate(row: source, sign: 1) }
        }
        row = y
        for plane in 0..<3 { sumAcross(columns + plane * width, into: sums + plane * width) }
    }

    private func accumulate(row source: Int, sign: Float) {
        let v = values + source * width, g = other + source * width
        let sum = columns, square = columns + width, product = columns + 2 * width
        var x = 0
        while x + 8 <= width {
            let a = load(v, x), b = load(g, x)
            store(load(sum, x) + sign * a, sum, x)
            store(load(square, x) + sign * (a * a), square, x)
            store(load(product, x) + sign * (a * b), product, x)
            x += 8
        }
        while x < width {
            sum[x] += sign * v[x]; square[x] += sign * (v[x] * v[x]); product[x] += sign * (v[x] * g[x])
            x += 1
        }
    }

    /// `output[x]` = the sum of `input` over `x − radius ... x + radius`, clipped.
    private func sumAcross(_ input: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        func clipped(_ x: Int) -> Float {
            var total: Float = 0
            for source in max(x - radius, 0)...min(x + radius, width - 1) { total += input[source] }
            return total
        }
        var x = 0
        while x < min(radius, width) { output[x] = clipped(x); x += 1 }
        while x + 8 + radius <= width {
            var total = load(input, x - radius)
            for offset in (1 - radius)...radius { total += load(input, x + offset) }
            store(total, output, x)
            x += 8
        }
        while x < width { output[x] = clipped(x); x += 1 }
    }
}

/// Eight floats from `pointer + index` (any alignment).
@inline(__always)
func load(_ pointer: UnsafePointer<Float>, _ index: Int) -> SIMD8<Float> {
    UnsafeRawPointer(pointer + index).loadUnaligned(as: SIMD8<Float>.self)
}

/// Eight floats from `pointer + index` (any alignment).
@inline(__always)
func load(_ pointer: UnsafeMutablePointer<Float>, _ index: Int) -> SIMD8<Float> {
    load(UnsafePointer(pointer), index)
}

/// Stores eight floats at `pointer + index` (any alignment).
@inline(__always)
func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>, _ index: Int) {
    UnsafeMutableRawPointer(pointer + index).storeBytes(of: value, as: SIMD8<Float>.self)
}
