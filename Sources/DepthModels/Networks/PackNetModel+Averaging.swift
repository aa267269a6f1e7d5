import Foundation
import Tensors

extension PackNetModel {
    /// The element-wise mean of several weights files of one configuration: snapshot averaging
    /// (Izmailov et al., "Averaging Weights Leads to Wider Optima and Better Generalization",
    /// UAI 2018). Snapshots taken late in one run sit around a minimum; their mean is usually
    /// better than any one of them. GroupNorm keeps no running statistics, so nothing needs
    /// recomputing afterwards.
    ///
    /// - Throws: ``WeightsError`` when a file is missing, is not a PackNet-S model, has another
    ///   configuration than the first, or holds NaN or Inf.
    public static func average(of urls: [URL]) throws -> PackNetModel {
        guard let firstURL = urls.first else { throw WeightsError.nothingToAverage }
        func open(_ url: URL) throws -> PackNetModel {
            let model = try PackNetModel.load(weights: url.path)
            if let bad = model.namedParameters().first(where: { !$0.tensor.storage.buffer.allSatisfy(\.isFinite) }) {
                throw WeightsError.nonFinite(file: url.path, tensor: bad.name)
            }
            return model
        }
        let result = try open(firstURL)
        let parameters = result.namedParameters()
        var sums = parameters.map { $0.tensor.values.map(Double.init) }   // per parameter, in Double
        for url in urls.dropFirst() {
            let model = try open(url)
            guard model.configuration == result.configuration else {
                throw WeightsError.configurationMismatch(file: url.path, reference: firstURL.path)
            }
            for (index, parameter) in model.namedParameters().enumerated() {
                let values = parameter.tensor.storage.buffer
                for element in values.indices { sums[index][element] += Double(values[element]) }
            }
        }
        let count = Double(urls.count)
        for (parameter, sum) in zip(parameters, sums) {
            let target = parameter.tensor.storage.pointer
            for element in sum.indices { target[element] = Float(sum[element] / count) }
        }
        return result
    }
}
