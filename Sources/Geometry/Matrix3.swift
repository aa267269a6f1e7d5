/// A 3x3 matrix of doubles, stored by rows. Small value type of our own (no `simd` on Linux).
public struct Matrix3: Equatable, Sendable {
    /// The three rows.
    public var rows: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)

    /// A matrix from its rows.
    @inlinable public init(rows r0: SIMD3<Double>, _ r1: SIMD3<Double>, _ r2: SIMD3<Double>) { rows = (r0, r1, r2) }

    /// The identity matrix.
    public static let identity = Matrix3(rows: [1, 0, 0], [0, 1, 0], [0, 0, 1])

    /// Element at `row`, `column`.
    @inlinable public subscript(row: Int, column: Int) -> Double {
        get { self.row(row)[column] }
        set {
            switch row {
            case 0: rows.0[column] = newValue
            case 1: rows.1[column] = newValue
            default: rows.2[column] = newValue
            }
        }
    }

    /// Row `index` as a vector.
    @inlinable public func row(_ index: Int) -> SIMD3<Double> {
        switch index {
        case 0: rows.0
        case 1: rows.1
        default: rows.2
        }
    }

    /// Column `index` as a vector.
    @inlinable public func column(_ index: Int) -> SIMD3<Double> { SIMD3(rows.0[index], rows.1[index], rows.2[index]) }

    /// The transpose (the inverse of a rotation).
    @inlinable public var transposed: Matrix3 { Matrix3(rows: column(0), column(1), column(2)) }

    /// The determinant.
    @inlinable public var determinant: Double {
        let (a, b, c) = rows
        return a.x * (b.y * c.z - b.z * c.y) - a.y * (b.x * c.z - b.z * c.x) + a.z * (b.x * c.y - b.y * c.x)
    }

    /// Matrix–vector product.
    @inlinable public static func * (m: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((m.rows.0 * v).sum(), (m.rows.1 * v).sum(), (m.rows.2 * v).sum())
    }

    /// Matrix product.
    @inlinable public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        let t = b.transposed
        func rowTimes(_ r: SIMD3<Double>) -> SIMD3<Double> { SIMD3((r * t.rows.0).sum(), (r * t.rows.1).sum(), (r * t.rows.2).sum()) }
        return Matrix3(rows: rowTimes(a.rows.0), rowTimes(a.rows.1), rowTimes(a.rows.2))
    }

    /// Element-wise scaling.
    @inlinable public static func * (s: Double, m: Matrix3) -> Matrix3 { Matrix3(rows: s * m.rows.0, s * m.rows.1, s * m.rows.2) }

    /// Element-wise sum.
    @inlinable public static func + (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(rows: a.rows.0 + b.rows.0, a.rows.1 + b.rows.1, a.rows.2 + b.rows.2)
    }

    public static func == (a: Matrix3, b: Matrix3) -> Bool {
        a.rows.0 == b.rows.0 && a.rows.1 == b.rows.1 && a.rows.2 == b.rows.2
    }
}
