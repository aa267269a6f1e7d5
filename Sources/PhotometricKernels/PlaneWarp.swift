/// Plane-sweep stereo's warp: where each reference pixel lands in a source frame when its depth
/// is scaled by a factor, and the source's brightness there. With `eightAtOnce` the projection
/// runs eight pixels at a time (the bilinear fetches, which read scattered pixels, lane by lane);
/// every lane computes what the one-pixel loop computes, bit for bit. (Eight-lane masks are
/// slow without AVX: the baseline set warps one pixel at a time.)
public enum PlaneWarp {
    @usableFromInline typealias Vector = SIMD8<Float>

    /// For the reference pixels `pixels`: in `warped` the source's brightness where each lands
    /// with its depth times `factor` (bilinear, the position clamped to the image), in `inside` 1
    /// where it lands inside the source and in front of it, 0 elsewhere (and brightness 0 where it
    /// lands behind).
    @inlinable
    public static func sample<Module>(_ inputs: PlaneWarpSource, factor: Float, pixels: Range<Int>,
                                      warped: UnsafeMutablePointer<Float>, inside: UnsafeMutablePointer<Float>,
                                      eightAtOnce: Bool, compiledIn _: Module.Type) {
        var index = pixels.lowerBound
        if eightAtOnce {
            while index + Vector.scalarCount <= pixels.upperBound {
                let (corner, offsetX, offsetY, valid) = locate(inputs, factor: factor, at: index, inside: inside)
                for lane in 0..<Vector.scalarCount {
                    warped[index + lane] = valid[lane]
                        ? fetch(inputs, corner: Int(corner[lane]), offsetX: offsetX[lane], offsetY: offsetY[lane]) : 0
                }
                index += Vector.scalarCount
            }
        }
        while index < pixels.upperBound {
            let z = factor * inputs.rotatedZ[index] + inputs.translation.z
            guard inputs.rotatedZ[index] > 0, z > 0.05 else { inside[index] = 0; warped[index] = 0; index += 1; continue }
            let inverseZ = 1 / z
            let u = inputs.focal.x * (factor * inputs.rotatedX[index] + inputs.translation.x) * inverseZ + inputs.centre.x
            let v = inputs.focal.y * (factor * inputs.rotatedY[index] + inputs.translation.y) * inverseZ + inputs.centre.y
            let maximumX = Float(inputs.width - 1), maximumY = Float(inputs.height - 1)
            inside[index] = u >= 0 && v >= 0 && u <= maximumX && v <= maximumY ? 1 : 0
            let su = min(max(u, 0), maximumX), sv = min(max(v, 0), maximumY)
            let x0 = min(Int(su), inputs.width - 2), y0 = min(Int(sv), inputs.height - 2)
            warped[index] = fetch(inputs, corner: y0 * inputs.width + x0, offsetX: su - Float(x0), offsetY: sv - Float(y0))
            index += 1
        }
    }

    /// The projection of the eight pixels from `index` on, which writes their `inside`: per lane
    /// the index of the top-left pixel of its bilinear neighbourhood (as a float, exact below
    /// 2²⁴) and its offsets from it, and whether it lands in front of the source (the others'
    /// corner is 0).
    @inlinable @inline(__always)
    static func locate(_ inputs: PlaneWarpSource, factor: Float, at index: Int, inside: UnsafeMutablePointer<Float>)
        -> (corner: Vector, offsetX: Vector, offsetY: Vector, valid: SIMDMask<SIMD8<Int32>>) {
        let rx = load(inputs.rotatedX + index), ry = load(inputs.rotatedY + index), rz = load(inputs.rotatedZ + index)
        let z = factor * rz + inputs.translation.z
        let valid = (rz .> 0) .& (z .> 0.05)
        let inverseZ = 1 / z.replacing(with: 1, where: .!valid)
        let u = inputs.focal.x * (factor * rx + inputs.translation.x) * inverseZ + inputs.centre.x
        let v = inputs.focal.y * (factor * ry + inputs.translation.y) * inverseZ + inputs.centre.y
        let maximumX = Float(inputs.width - 1), maximumY = Float(inputs.height - 1)
        let isInside = valid .& (u .>= 0) .& (v .>= 0) .& (u .<= maximumX) .& (v .<= maximumY)
        let zero = Vector(), one = Vector(repeating: 1)
        store(zero.replacing(with: one, where: isInside), to: inside + index)
        let su = clampedPositions(u, maximum: maximumX, valid: valid)
        let sv = clampedPositions(v, maximum: maximumY, valid: valid)
        let x0 = lowered(floorOfNonNegative(su), to: Float(inputs.width - 2))
        let y0 = lowered(floorOfNonNegative(sv), to: Float(inputs.height - 2))
        return (y0 * Float(inputs.width) + x0, su - x0, sv - y0, valid)
    }

    /// `min(max(p, 0), maximum)` in the valid lanes (as the one-pixel loop clamps), 0 in the others.
    @inlinable @inline(__always)
    static func clampedPositions(_ p: Vector, maximum: Float, valid: SIMDMask<SIMD8<Int32>>) -> Vector {
        let clamped = p.replacing(with: 0, where: .!(p .>= 0)).replacing(with: maximum, where: p .> maximum)
        return Vector().replacing(with: clamped, where: valid)
    }

    /// `min(x, limit)` per lane (lanes not NaN). (The standard library's `pointwiseMin` is
    /// generic and was not inlined: a call per eight pixels.)
    @inlinable @inline(__always)
    static func lowered(_ x: Vector, to limit: Float) -> Vector {
        x.replacing(with: limit, where: x .> limit)
    }

    /// The largest whole number at most each lane (lanes in [0, 2²²]): rounded to the nearest by
    /// adding and subtracting 2²³, then lowered where that rounded up. (`Int(x)` per lane is a
    /// checked conversion, which keeps the loop from running on vectors.)
    @inlinable @inline(__always)
    static func floorOfNonNegative(_ x: Vector) -> Vector {
        let magic = Vector(repeating: 8_388_608)
        let nearest = (x + magic) - magic
        return nearest.replacing(with: nearest - 1, where: nearest .> x)
    }

    /// The bilinear sample at `offsetX`, `offsetY` from the pixel at index `corner`.
    @inlinable @inline(__always)
    static func fetch(_ inputs: PlaneWarpSource, corner: Int, offsetX: Float, offsetY: Float) -> Float {
        let image = inputs.image, width = inputs.width
        let upper = image[corner] + offsetX * (image[corner + 1] - image[corner])
        let lower = image[corner + width] + offsetX * (image[corner + width + 1] - image[corner + width])
        return upper + offsetY * (lower - upper)
    }

    /// The eight floats from `pointer` on (which need not be aligned).
    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    /// Writes `lanes` to the eight floats from `pointer` on (which need not be aligned).
    @inlinable @inline(__always)
    static func store(_ lanes: Vector, to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: lanes, as: Vector.self)
    }
}

/// One source frame of a plane sweep: its camera, its brightness and the reference pixels' points
/// turned into it (pointers valid while a warp runs; the image under 2²⁴ pixels).
public struct PlaneWarpSource {
    /// `R·X` of each reference pixel's camera point X (R: the source ← reference rotation), by axis.
    public let rotatedX, rotatedY, rotatedZ: UnsafePointer<Float>
    /// The source ← reference translation.
    public let translation: SIMD3<Float>
    /// The source's pinhole camera: focal lengths and principal point, in pixels.
    public let focal: SIMD2<Float>, centre: SIMD2<Float>
    /// The source's brightness, `width` x `height`, row-major.
    public let image: UnsafePointer<Float>
    /// The source's size in pixels.
    public let width: Int, height: Int

    /// Collects the inputs.
    @inlinable
    public init(rotatedX: UnsafePointer<Float>, rotatedY: UnsafePointer<Float>, rotatedZ: UnsafePointer<Float>,
                translation: SIMD3<Float>, focal: SIMD2<Float>, centre: SIMD2<Float>,
                image: UnsafePointer<Float>, width: Int, height: Int) {
        self.rotatedX = rotatedX; self.rotatedY = rotatedY; self.rotatedZ = rotatedZ
        self.translation = translation; self.focal = focal; self.centre = centre
        self.image = image; self.width = width; self.height = height
    }
}
