/// The verdict on one pixel of a frame before fusion, with the reason when it is rejected.
public enum PixelVerdict: UInt8, CaseIterable, Codable, Sendable {
    /// Consistent with at least one neighbour frame: fused.
    case verified
    /// Projects outside every neighbour (or onto invalid neighbour depth): no evidence either
    /// way; fused or not as `RejectionMask.keepsUnverified` says.
    case unverified
    /// Depth 0 (or not finite): nothing to fuse.
    case invalidDepth
    /// On a depth discontinuity ("flying pixel" interpolated between foreground and background).
    case flyingPixel
    /// Hidden in the neighbours: at least one sees something nearer in front of the point, none
    /// agrees and none sees through it, so it is unconfirmed.
    case occluded
    /// At least one neighbour sees through the pixel's 3D point to something farther away (and no
    /// neighbour agrees): the depth is wrong.
    case inconsistent

    /// The name used in reports.
    public var name: String {
        switch self {
        case .verified: "verified"
        case .unverified: "unverified"
        case .invalidDepth: "invalid depth"
        case .flyingPixel: "flying pixel"
        case .occluded: "occluded"
        case .inconsistent: "inconsistent"
        }
    }
}

/// Per-pixel verdicts of one frame: which pixels fusion keeps, and why the others are rejected.
public struct RejectionMask: Equatable, Sendable {
    /// Size in pixels.
    public let width: Int, height: Int
    /// `height · width` verdicts, row-major.
    public var verdicts: [PixelVerdict]
    /// Whether `.unverified` pixels are kept.
    public var keepsUnverified: Bool

    /// A mask from its verdicts; `verdicts.count` must be `width · height`.
    public init(width: Int, height: Int, verdicts: [PixelVerdict], keepsUnverified: Bool) {
        precondition(verdicts.count == width * height,
                     "RejectionMask: \(width)x\(height) needs \(width * height) verdicts, got \(verdicts.count)")
        self.width = width; self.height = height
        self.verdicts = verdicts
        self.keepsUnverified = keepsUnverified
    }

    /// The verdict at pixel (`x`, `y`).
    public subscript(x: Int, y: Int) -> PixelVerdict {
        get { verdicts[y * width + x] }
        set { verdicts[y * width + x] = newValue }
    }

    /// Whether the pixel at row-major `index` is fused.
    @inline(__always)
    public func isKept(_ index: Int) -> Bool {
        let verdict = verdicts[index]
        return verdict == .verified || (verdict == .unverified && keepsUnverified)
    }

    /// Number of fused pixels.
    public var keptCount: Int { verdicts.indices.reduce(0) { $0 + (isKept($1) ? 1 : 0) } }

    /// Number of pixels with each verdict (every verdict present, zero counts included).
    public var counts: [PixelVerdict: Int] {
        // Tallied by raw value (a dictionary update per pixel took 0.4 s of a 300-frame run).
        var tally = [Int](repeating: 0, count: Int(UInt8.max) + 1)
        for verdict in verdicts { tally[Int(verdict.rawValue)] += 1 }
        return Dictionary(uniqueKeysWithValues: PixelVerdict.allCases.map { ($0, tally[Int($0.rawValue)]) })
    }

    /// 8-bit mask values, 255 kept and 0 rejected, row-major (for `mask/<timestamp>.png`).
    public var keptBytes: [UInt8] { verdicts.indices.map { isKept($0) ? 255 : 0 } }
}
