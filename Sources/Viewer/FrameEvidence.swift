import Foundation
import Geometry
import Imaging
import Reconstruction

/// The per-frame evidence of one reconstructed frame: its RGB image, predicted depth,
/// reprojection-error heat map and occlusion mask. Plain data.
public struct FrameEvidence: Sendable {
    /// The frame as the network saw it.
    public var rgb: Image
    /// The predicted depth in metres (0 = invalid).
    public var depth: DepthMap
    /// The colour-mapped reprojection error.
    public var error: Image
    /// The occlusion mask (gray; 1 = kept, 0 = rejected).
    public var mask: Image

    /// Evidence from its parts.
    public init(rgb: Image, depth: DepthMap, error: Image, mask: Image) {
        self.rgb = rgb; self.depth = depth; self.error = error; self.mask = mask
    }

    /// Reads the four images of the frame at `timestamp` from a reconstruction folder; errors name
    /// the file.
    public static func load(from folder: ReconstructionFolder, timestamp: Double) throws -> FrameEvidence {
        FrameEvidence(rgb: try PNG.read(folder.rgb(timestamp: timestamp)),
                      depth: try PNG.readDepth(folder.depth(timestamp: timestamp)),
                      error: try PNG.read(folder.error(timestamp: timestamp)),
                      mask: try PNG.read(folder.mask(timestamp: timestamp)))
    }

    /// The depth as a turbo-coloured image over its valid range (invalid pixels black).
    public var depthImage: Image {
        let valid = depth.depths.filter { $0 > 0 }
        let range = (valid.min() ?? 0)...(valid.max() ?? 1)
        return ColorMap.turbo.render(depth.depths.map { $0 > 0 ? $0 : .nan }, width: depth.width, height: depth.height, range: range)
    }

    /// The image shown in `panel`.
    public func image(for panel: Panel) -> Image {
        switch panel {
        case .rgb: rgb
        case .depth: depthImage
        case .error: error
        case .mask: mask
        }
    }

    /// The frame's valid depth pixels back-projected into the world (every `step`-th pixel in
    /// each direction), kept pixels tinted green and rejected ones red: what this frame
    /// contributed to the cloud and what the occlusion test threw away. `intrinsics` may be for
    /// another resolution; they are scaled to the depth map's.
    public func maskPoints(worldFromCamera: RigidTransform, intrinsics: Intrinsics, step: Int) -> (positions: [SIMD3<Float>], colors: [SIMD3<UInt8>]) {
        let scaleX = Double(depth.width) / Double(intrinsics.width), scaleY = Double(depth.height) / Double(intrinsics.height)
        let scaled = Intrinsics(fx: intrinsics.fx * scaleX, fy: intrinsics.fy * scaleY,
                                cx: (intrinsics.cx + 0.5) * scaleX - 0.5, cy: (intrinsics.cy + 0.5) * scaleY - 0.5,
                                width: depth.width, height: depth.height)
        let sameSize = { (image: Image) in image.width == depth.width && image.height == depth.height }
        let hasColor = sameSize(rgb), hasMask = sameSize(mask)
        var positions: [SIMD3<Float>] = [], colors: [SIMD3<UInt8>] = []
        for y in stride(from: 0, to: depth.height, by: max(step, 1)) {
            for x in stride(from: 0, to: depth.width, by: max(step, 1)) {
                let metres = depth[x, y]
                guard metres > 0 else { continue }
                let camera = scaled.backproject(pixel: [Double(x), Double(y)], depth: Double(metres))
                positions.append(SIMD3<Float>(worldFromCamera.apply(camera)))
                let kept = hasMask ? mask[x, y, 0] > 0.5 : true
                let surface = hasColor ? SIMD3(rgb[x, y, 0], rgb[x, y, 1 % rgb.channels], rgb[x, y, 2 % rgb.channels]) : SIMD3<Float>(repeating: 0.5)
                let tint: SIMD3<Float> = kept ? [0.1, 1, 0.2] : [1, 0.1, 0.1]
                let color = surface * 0.5 + tint * 0.5
                colors.append(SIMD3<UInt8>((color * 255).rounded(.toNearestOrAwayFromZero)))
            }
        }
        return (positions, colors)
    }
}

extension Image {
    /// The image as 8-bit RGBA bytes, top row first (gray is copied to red, green and blue).
    var rgbaBytes: [UInt8] {
        var bytes = [UInt8](repeating: 255, count: width * height * 4)
        for pixel in 0..<(width * height) {
            for channel in 0..<min(channels, 4) {
                let value = pixels[pixel * channels + channel]
                let byte = UInt8((min(max(value.isNaN ? 0 : value, 0), 1) * 255).rounded())
                if channels == 1 || channels == 2 {
                    if channel == 0 { bytes[pixel * 4] = byte; bytes[pixel * 4 + 1] = byte; bytes[pixel * 4 + 2] = byte }
                    else { bytes[pixel * 4 + 3] = byte }
                } else {
                    bytes[pixel * 4 + channel] = byte
                }
            }
        }
        return bytes
    }
}
