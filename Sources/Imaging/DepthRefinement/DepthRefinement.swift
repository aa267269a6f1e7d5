import Foundation

/// How ``refineDepth(_:guide:method:domain:)`` smooths a depth map along the guide image's edges.
public enum DepthRefinementMethod: Equatable, Sendable {
    /// The colour guided filter (He, Sun & Tang, "Guided Image Filtering", ECCV 2010 / TPAMI 2013).
    ///
    /// Inside each (2·`radius` + 1)² window the depth is modelled as an affine function of the
    /// RGB guide, fitted by ridge regression; `epsilon` is the ridge weight in squared guide units
    /// (colours in [0, 1]): windows whose colour varies much more than √`epsilon` follow the
    /// guide's edges, flatter windows are averaged. O(1) per pixel whatever the radius.
    case guidedFilter(radius: Int, epsilon: Float)
    /// The joint (cross) bilateral filter (Petschnigg et al. 2004, Kopf et al. 2007), applied
    /// `iterations` times with the same guide: each depth becomes the average of the valid depths
    /// in its (2·`radius` + 1)² window, weighted by a Gaussian of pixel distance (`spatialSigma`,
    /// pixels) times a Gaussian of RGB distance in the guide (`colorSigma`, colours in [0, 1]).
    case jointBilateral(radius: Int, spatialSigma: Float, colorSigma: Float, iterations: Int)
}

/// The quantity that ``refineDepth(_:guide:method:domain:)`` filters.
public enum DepthRefinementDomain: Equatable, Sendable {
    /// Depth in metres.
    case depth
    /// 1 / depth (what depth networks predict).
    case inverseDepth
    /// log(depth): relative errors weigh the same near and far.
    case logDepth
}

/// Refines `depth` with an edge-preserving filter guided by `guide`, the RGB (or RGBA, alpha
/// ignored) image of the same size, so that depth edges follow image edges and flat areas are
/// smoothed.
///
/// Invalid pixels (0, negative or not finite) stay 0 and never contribute to their neighbours.
/// A valid pixel whose filtered value would not map back to a positive finite depth keeps its
/// input depth. Parallel over rows and bit-identical run to run.
public func refineDepth(_ depth: DepthMap, guide: Image, method: DepthRefinementMethod,
                        domain: DepthRefinementDomain = .logDepth) -> DepthMap {
    precondition(guide.width == depth.width && guide.height == depth.height,
                 "refineDepth: depth \(depth.width)x\(depth.height) vs guide \(guide.width)x\(guide.height)")
    precondition(guide.channels == 3 || guide.channels == 4, "refineDepth: guide has \(guide.channels) channels (RGB or RGBA needed)")
    let count = depth.depths.count
    var mask = [Float](repeating: 0, count: count)
    var values = [Float](repeating: 0, count: count)
    for (index, metres) in depth.depths.enumerated() where metres > 0 && metres.isFinite {
        mask[index] = 1
        switch domain {
        case .depth: values[index] = metres
        case .inverseDepth: values[index] = 1 / metres
        case .logDepth: values[index] = log(metres)
        }
    }
    let planes = GuidePlanes(guide)
    let filtered: [Float]
    switch method {
    case let .guidedFilter(radius, epsilon):
        precondition(radius >= 1 && epsilon > 0, "refineDepth: guided filter radius \(radius), epsilon \(epsilon) (need ≥ 1 and > 0)")
        filtered = guidedFilter(values, mask: mask, guide: planes, radius: radius, epsilon: epsilon)
    case let .jointBilateral(radius, spatialSigma, colorSigma, iterations):
        precondition(radius >= 1 && spatialSigma > 0 && colorSigma > 0 && iterations >= 1,
                     "refineDepth: joint bilateral radius \(radius), sigmas \(spatialSigma) \(colorSigma), iterations \(iterations)")
        var current = values
        for _ in 0..<iterations {
            current = jointBilateralFilter(current, mask: mask, guide: planes, radius: radius,
                                           spatialSigma: spatialSigma, colorSigma: colorSigma)
        }
        filtered = current
    }
    var refined = depth
    for index in 0..<count {
        guard mask[index] > 0 else { refined.depths[index] = 0; continue }
        let metres: Float
        switch domain {
        case .depth: metres = filtered[index]
        case .inverseDepth: metres = 1 / filtered[index]
        case .logDepth: metres = exp(filtered[index])
        }
        if metres > 0 && metres.isFinite { refined.depths[index] = metres }
    }
    return refined
}

/// The guide's red, green and blue samples as three planes, row-major.
struct GuidePlanes {
    let width: Int, height: Int
    let red: [Float], green: [Float], blue: [Float]

    init(_ image: Image) {
        width = image.width; height = image.height
        let count = image.width * image.height, stride = image.channels
        red = (0..<count).map { image.pixels[$0 * stride] }
        green = (0..<count).map { image.pixels[$0 * stride + 1] }
        blue = (0..<count).map { image.pixels[$0 * stride + 2] }
    }
}
