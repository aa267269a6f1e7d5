import Foundation
import Geometry

/// A 4x4 float matrix in OpenGL's column-major order, for shader uniforms.
public struct Matrix4: Equatable, Sendable {
    /// The 16 elements, column by column.
    public var columnMajor: [Float]

    /// A matrix from its elements written row by row (as one reads them on paper).
    public init(rowMajor rows: [Double]) {
        precondition(rows.count == 16, "Matrix4: needs 16 elements, got \(rows.count)")
        columnMajor = (0..<16).map { Float(rows[($0 % 4) * 4 + $0 / 4]) }
    }

    /// Element at `row`, `column`.
    public subscript(row: Int, column: Int) -> Float { columnMajor[column * 4 + row] }

    /// OpenGL's perspective projection (camera looking down −z) with vertical field of view
    /// `fieldOfView` radians.
    public static func perspective(fieldOfView: Double, aspect: Double, near: Double, far: Double) -> Matrix4 {
        let f = 1 / tan(fieldOfView / 2)
        return Matrix4(rowMajor: [f / aspect, 0, 0, 0,
                                  0, f, 0, 0,
                                  0, 0, (far + near) / (near - far), 2 * far * near / (near - far),
                                  0, 0, -1, 0])
    }

    /// The view matrix of a camera at `worldFromCamera` in the computer-vision convention
    /// (x right, y down, z forward): world → OpenGL eye space (x right, y up, −z forward).
    public static func view(worldFromCamera: RigidTransform) -> Matrix4 {
        let m = worldFromCamera.inverse.matrix4x4
        // Negate rows y and z: CV camera axes → GL eye axes.
        return Matrix4(rowMajor: (0..<16).map { $0 >= 4 && $0 < 12 ? -m[$0] : m[$0] })
    }

    /// Matrix product.
    public static func * (a: Matrix4, b: Matrix4) -> Matrix4 {
        var rows = [Double](repeating: 0, count: 16)
        for row in 0..<4 {
            for column in 0..<4 {
                rows[row * 4 + column] = (0..<4).reduce(0) { $0 + Double(a[row, $1]) * Double(b[$1, column]) }
            }
        }
        return Matrix4(rowMajor: rows)
    }

    /// Transforms a homogeneous point.
    public static func * (m: Matrix4, v: SIMD4<Float>) -> SIMD4<Float> {
        SIMD4((0..<4).map { row in (0..<4).reduce(Float(0)) { $0 + m[row, $1] * v[$1] } })
    }
}

