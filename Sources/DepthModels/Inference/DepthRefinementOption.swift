import Imaging

/// The image-guided refinement a user picks with `--refine` (issue 7), with filter sizes that
/// scale with the image: the settings of the refinement benchmark (radius 8 px, spatial sigma
/// 5 px at 256 pixels wide; guide colours in [0, 1]), filtering log depth.
public enum DepthRefinementOption: String, CaseIterable, Codable, Sendable {
    /// No refinement: the network's depth, upsampled.
    case none
    /// The colour guided filter, epsilon 1e-4.
    case guided
    /// The joint bilateral filter, colour sigma 0.03, three iterations.
    case bilateral

    /// The filter for images `width` pixels wide, or nil for ``none``.
    public func method(imageWidth width: Int) -> DepthRefinementMethod? {
        let scale = Float(width) / 256
        let radius = max(1, Int((8 * scale).rounded()))
        switch self {
        case .none: return nil
        case .guided: return .guidedFilter(radius: radius, epsilon: 1e-4)
        case .bilateral: return .jointBilateral(radius: radius, spatialSigma: max(1, 5 * scale), colorSigma: 0.03, iterations: 3)
        }
    }

    /// `depth` refined with `guide` (the image it was predicted from, same size).
    public func refine(_ depth: DepthMap, guide: Image) -> DepthMap {
        guard let method = method(imageWidth: depth.width) else { return depth }
        return refineDepth(depth, guide: guide.channels == 1 ? Canvas(image: guide).image : guide, method: method, domain: .logDepth)
    }
}
