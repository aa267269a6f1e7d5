import Geometry

/// One shape of a poster, in coordinates relative to the poster face (0…1 on both axes).
struct PosterShape: Sendable {
    var center: SIMD2<Float>, halfSize: SIMD2<Float>
    var isDisc: Bool
    var color: SIMD3<Float>
}

/// A material prepared for rendering: Float colours and the poster's shapes.
struct CompiledMaterial: Sendable {
    var pattern: Material.Pattern
    var color: SIMD3<Float>, secondaryColor: SIMD3<Float>
    var scale: Float
    var seed: UInt32
    var emission: Float
    /// The material's range in the renderer's flat poster-shape array.
    var posterShapes: Range<Int>

    /// A material and, for posters, its seeded random shapes appended to `shapes`.
    init(_ material: Material, shapes: inout [PosterShape]) {
        pattern = material.pattern
        color = SIMD3<Float>(material.color); secondaryColor = SIMD3<Float>(material.secondaryColor)
        scale = Float(material.scale)
        seed = UInt32(truncatingIfNeeded: material.seed ^ (material.seed >> 32))
        emission = Float(material.emission)
        let start = shapes.count
        if material.pattern == .poster {
            var random = SplitMix64(seed: material.seed)
            for _ in 0..<Int.random(in: 3...7, using: &random) {
                let halfSize = SIMD2(random.nextFloat(in: 0.08...0.35), random.nextFloat(in: 0.08...0.35))
                shapes.append(PosterShape(
                    center: SIMD2(random.nextFloat(in: 0.15...0.85), random.nextFloat(in: 0.15...0.85)),
                    halfSize: halfSize, isDisc: Bool.random(using: &random),
                    color: SIMD3(random.nextFloat(in: 0.05...0.95), random.nextFloat(in: 0.05...0.95), random.nextFloat(in: 0.05...0.95))))
            }
        }
        posterShapes = start..<shapes.count
    }

    /// The surface colour at face coordinates `uv` (m, from the face's low corner) on a face of
    /// `faceSize`, filtered for a sample `footprint` metres wide.
    @inline(__always)
    func albedo(uv: SIMD2<Float>, faceSize: SIMD2<Float>, footprint: Float, shapes: UnsafeBufferPointer<PosterShape>) -> SIMD3<Float> {
        @inline(__always) func mix(_ t: Float) -> SIMD3<Float> { color + (secondaryColor - color) * max(0, min(1, t)) }
        switch pattern {
        case .plain:
            return color
        case .plaster:
            let noise = Procedural.fbm(uv / scale, octaves: 5, footprint: footprint / scale, seed: seed)
            return mix(0.5 + 1.3 * (noise - 0.5))
        case .wood:
            let row = Procedural.cell(uv.y / scale)
            let along = uv.x + Procedural.hash(row, 0, seed) * 7 * scale
            let plankLength = scale * 8
            let plank = Procedural.hash(row, Procedural.cell(along / plankLength), seed &+ 1)
            let grainWidth = scale * 0.08
            let grain = Procedural.fbm(SIMD2(along / (scale * 2), uv.y / grainWidth + Float(row) * 3.7), octaves: 4,
                                       footprint: footprint / grainWidth, seed: seed &+ 2)
            let tint = 0.5 + (plank - 0.5) * Procedural.fade(period: scale, footprint: footprint)
            let seam = max(Procedural.pulseCoverage(uv.y, period: scale, width: scale * 0.04, footprint: footprint),
                           Procedural.pulseCoverage(along, period: plankLength, width: scale * 0.04, footprint: footprint))
            return mix(0.35 * tint + 1.3 * (grain - 0.5) + 0.35) * (1 - 0.45 * seam)
        case .tiles:
            let groutWidth = scale * 0.06
            let groutU = Procedural.pulseCoverage(uv.x, period: scale, width: groutWidth, footprint: footprint)
            let groutV = Procedural.pulseCoverage(uv.y, period: scale, width: groutWidth, footprint: footprint)
            let grout = groutU + groutV - groutU * groutV
            let tile = Procedural.hash(Procedural.cell(uv.x / scale + 0.5), Procedural.cell(uv.y / scale + 0.5), seed)
            let mottle = Procedural.fbm(uv / (scale * 0.5), octaves: 3, footprint: footprint / (scale * 0.5), seed: seed &+ 1)
            let variation = 1 + 0.22 * (tile - 0.5) * Procedural.fade(period: scale, footprint: footprint) + 0.2 * (mottle - 0.5)
            let surface = color * variation
            return surface + (secondaryColor - surface) * grout
        case .fabric:
            let weaveFade = Procedural.fade(period: scale, footprint: footprint)
            let weave = sinTwoPi(uv.x / scale) * sinTwoPi(uv.y / scale) * weaveFade
            let mottle = Procedural.fbm(uv / (scale * 25), octaves: 4, footprint: footprint / (scale * 25), seed: seed)
            let slub = Procedural.fbm(SIMD2(uv.x / (scale * 40), uv.y / (scale * 3)), octaves: 3,
                                      footprint: footprint / (scale * 3), seed: seed &+ 1)
            return mix(0.5 + 0.3 * weave + 1.1 * (mottle - 0.5) + 0.7 * (slub - 0.5))
        case .carpet:
            let fine = Procedural.fbm(uv / scale, octaves: 4, footprint: footprint / scale, seed: seed)
            let coarse = Procedural.fbm(uv / (scale * 12), octaves: 4, footprint: footprint / (scale * 12), seed: seed &+ 1)
            return mix(0.5 + 1.2 * (fine - 0.5) + 1.2 * (coarse - 0.5))
        case .stripes:
            return mix(Procedural.pulseCoverage(uv.x, period: scale, width: scale * 0.45, footprint: footprint))
        case .dots:
            let row = (uv.y / scale).rounded(.down)
            let x = uv.x / scale + (Int32(row) & 1 == 0 ? 0 : 0.5)
            let local = SIMD2(x - x.rounded(.down) - 0.5, uv.y / scale - row - 0.5) * scale
            let radius = scale * 0.25
            let edge = Procedural.discCoverage(distance: (local * local).sum().squareRoot(), radius: radius, footprint: footprint)
            let keep = Procedural.fade(period: scale, footprint: footprint)
            return mix(edge * keep + (1 - keep) * Float.pi * 0.0625)
        case .checks:
            let a = 1 - 2 * Procedural.pulseCoverage(uv.x, period: 2 * scale, width: scale, footprint: footprint)
            let b = 1 - 2 * Procedural.pulseCoverage(uv.y, period: 2 * scale, width: scale, footprint: footprint)
            return mix(0.5 - 0.5 * a * b)
        case .poster:
            var result = color
            for shape in shapes[posterShapes] {
                let center = shape.center * faceSize, halfSize = shape.halfSize * faceSize
                let offset = uv - center
                let coverage: Float
                if shape.isDisc {
                    let radius = min(halfSize.x, halfSize.y)
                    coverage = Procedural.discCoverage(distance: (offset * offset).sum().squareRoot(), radius: radius, footprint: footprint)
                } else {
                    let outside = SIMD2(abs(offset.x), abs(offset.y)) - halfSize
                    coverage = max(0, min(1, 0.5 - max(outside.x, outside.y) / max(footprint, 1e-6)))
                }
                result += (shape.color - result) * coverage
            }
            return result + (secondaryColor - result) * frameCoverage(uv: uv, faceSize: faceSize, width: min(0.03, scale), footprint: footprint)
        case .window:
            let sky = mix(uv.y / max(faceSize.y, 1e-3))
            let mullion = max(Procedural.pulseCoverage(uv.x - faceSize.x / 2, period: faceSize.x, width: 0.05, footprint: footprint),
                              Procedural.pulseCoverage(uv.y - faceSize.y / 2, period: faceSize.y, width: 0.05, footprint: footprint))
            let frame = max(mullion, frameCoverage(uv: uv, faceSize: faceSize, width: 0.06, footprint: footprint))
            return sky + (SIMD3<Float>(repeating: 0.85) - sky) * frame
        }
    }

    /// Coverage of a frame `width` wide along the border of the face.
    @inline(__always)
    private func frameCoverage(uv: SIMD2<Float>, faceSize: SIMD2<Float>, width: Float, footprint: Float) -> Float {
        let inner = min(min(uv.x, faceSize.x - uv.x), min(uv.y, faceSize.y - uv.y))
        return max(0, min(1, 0.5 + (width - inner) / max(footprint, 1e-6)))
    }

    /// sin(2πx) via a cheap, smooth parabola approximation (no libm call per sample).
    @inline(__always)
    private func sinTwoPi(_ x: Float) -> Float {
        let t = x - x.rounded(.down)
        let s = t < 0.5 ? 1 : Float(-1)
        let u = t < 0.5 ? t * 2 : t * 2 - 1
        return s * 4 * u * (1 - u)
    }
}
