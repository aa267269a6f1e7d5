import Foundation

extension PackNetModel {
    /// The model that ships with PackSfM (a package resource), used whenever no `--weights` is
    /// given. Its training command, log and curve are in docs/training.md.
    public static func shipped() throws -> PackNetModel {
        guard let url = Bundle.module.url(forResource: "packnet-s", withExtension: "safetensors") else {
            throw WeightsError.missingShippedModel
        }
        return try PackNetModel(contentsOf: url)
    }

    /// The model in `path`, or the shipped one when `path` is `nil`.
    public static func load(weights path: String?) throws -> PackNetModel {
        guard let path else { return try shipped() }
        guard FileManager.default.fileExists(atPath: path) else { throw WeightsError.missingFile(path) }
        return try PackNetModel(contentsOf: URL(fileURLWithPath: path))
    }
}
