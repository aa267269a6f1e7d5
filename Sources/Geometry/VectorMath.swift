/// Vector helpers on the standard library's SIMD types (there is no `simd` module on Linux).
///
/// These and the small operations of `Matrix3`, `RigidTransform` and `Intrinsics` are
/// `@inlinable`: called from another module's inner loop, a generic function that cannot be
/// specialised there looks up type metadata on every call (unspecialised `cross` took a third of
/// `reconstruct`'s time in the pose refinement).

/// Dot product.
@inlinable public func dot<V: SIMD>(_ a: V, _ b: V) -> V.Scalar where V.Scalar: FloatingPoint { (a * b).sum() }

/// Euclidean length.
@inlinable public func length<V: SIMD>(_ v: V) -> V.Scalar where V.Scalar: FloatingPoint { dot(v, v).squareRoot() }

/// Euclidean distance between two points.
@inlinable public func distance<V: SIMD>(_ a: V, _ b: V) -> V.Scalar where V.Scalar: FloatingPoint { length(a - b) }

/// `v` scaled to unit length (`v` must be non-zero).
@inlinable public func normalize<V: SIMD>(_ v: V) -> V where V.Scalar: FloatingPoint { v / length(v) }

/// Cross product.
@inlinable public func cross<T: FloatingPoint & SIMDScalar>(_ a: SIMD3<T>, _ b: SIMD3<T>) -> SIMD3<T> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
