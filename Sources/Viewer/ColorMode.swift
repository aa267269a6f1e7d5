/// How the viewer colours the fused points.
public enum ColorMode: String, CaseIterable, Sendable {
    /// The fused surface colour.
    case rgb
    /// Distance along the viewing direction, colour-mapped.
    case depth
    /// Mean reprojection error of the frames that observed the point, colour-mapped.
    case error
    /// Number of frames that observed the point (confidence), colour-mapped.
    case observations

    /// The mode after this one, wrapping around (bound to a key).
    public var next: ColorMode {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
