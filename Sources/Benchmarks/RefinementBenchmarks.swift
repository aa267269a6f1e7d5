import Foundation
import Imaging

/// Image-guided depth refinement on the synthetic bench (``DepthRefinementBench``): errors
/// before and after each method and filtering domain, and the time per frame. Filter sizes are
/// given for 256-pixel-wide frames and scaled with the width (the bench's blur scales too).
let refinementBenchmarks = BenchmarkSection(name: "refinement") { table in
    func methods(scale: Int) -> [(String, DepthRefinementMethod)] {
        [("guided filter r\(8 * scale) eps 1e-4", .guidedFilter(radius: 8 * scale, epsilon: 1e-4)),
         ("joint bilateral r\(8 * scale) sigma \(5 * scale)px/0.03 x3",
          .jointBilateral(radius: 8 * scale, spatialSigma: Float(5 * scale), colorSigma: 0.03, iterations: 3))]
    }
    func errors(_ metrics: DepthErrorMetrics) -> String {
        String(format: "AbsRel %.4f RMSE %.3f m edge AbsRel %.4f edge RMSE %.3f m", metrics.absoluteRelative,
               metrics.rootMeanSquare, metrics.edgeAbsoluteRelative, metrics.edgeRootMeanSquare)
    }
    let domains: [(String, DepthRefinementDomain)] = [("depth", .depth), ("inverse depth", .inverseDepth), ("log depth", .logDepth)]
    for (width, height, scale) in [(256, 192, 1), (640, 480, 2)] {
        let bench = DepthRefinementBench(width: width, height: height)
        let size = "\(width)x\(height)"
        table.add("refinement bench \(size): unrefined", "errors", errors(DepthErrorMetrics(predicted: bench.predicted, groundTruth: bench.groundTruth)))
        for (name, method) in methods(scale: scale) {
            for (domainName, domain) in domains where scale == 1 || domain == .logDepth {
                let refined = refineDepth(bench.predicted, guide: bench.guide, method: method, domain: domain)
                table.add("refinement bench \(size): \(name), \(domainName)", "errors",
                          errors(DepthErrorMetrics(predicted: refined, groundTruth: bench.groundTruth)))
            }
            let seconds = measureSeconds(repeats: scale == 1 ? 3 : 1) {
                _ = refineDepth(bench.predicted, guide: bench.guide, method: method)
            }
            table.add("refineDepth \(size): \(name)", "ms", String(format: "%.1f", seconds * 1000))
        }
    }
}
