import Foundation
import Tensors

/// The depth and pose networks together, as one weights file holds them
/// (`depth.*` and `pose.*` tensors, `arch` and `config` metadata).
public final class PackNetModel: ParameterContainer {
    /// The architecture name written to and required from weights files.
    public static let architecture = "packnet-s"

    public let configuration: PackNetConfiguration
    public let depth: DepthNet
    public let pose: PoseNet

    /// Fresh networks initialised from `seed`.
    public init(configuration: PackNetConfiguration = PackNetConfiguration(), seed: UInt64 = 1) {
        self.configuration = configuration
        let initializer = ParameterInitializer(seed: seed)
        depth = DepthNet(configuration: configuration, initializer: initializer)
        pose = PoseNet(configuration: configuration, initializer: initializer)
    }

    public var members: [(name: String, member: Member)] { [("depth", .child(depth)), ("pose", .child(pose))] }

    /// Loads a weights file: checks `arch`, builds the networks from its `config`, copies every
    /// tensor (an error names a missing tensor or a shape mismatch).
    public convenience init(contentsOf url: URL) throws {
        let (tensors, metadata) = try SafeTensors.read(url)
        guard metadata["arch"] == Self.architecture else {
            throw WeightsError.wrongArchitecture(file: url.path, found: metadata["arch"])
        }
        guard let configText = metadata["config"], let configuration = try? JSONDecoder().decode(
            PackNetConfiguration.self, from: Data(configText.utf8))
        else { throw WeightsError.badConfiguration(file: url.path, text: metadata["config"]) }
        self.init(configuration: configuration)
        try loadParameters(namedParameters(), from: tensors)
    }

    /// Writes the networks' weights with `arch`, `config` and any `extraMetadata` (training
    /// provenance) to `url` (through a temporary file).
    public func save(to url: URL, extraMetadata: [String: String] = [:]) throws {
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in namedParameters() { tensors[name] = tensor }
        try SafeTensors.write(tensors, metadata: metadata().merging(extraMetadata) { own, _ in own }, to: url)
    }

    /// The `arch` and `config` metadata of this model.
    public func metadata() -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let config = String(decoding: (try? encoder.encode(configuration)) ?? Data(), as: UTF8.self)
        return ["arch": Self.architecture, "config": config]
    }
}

/// A weights file that is valid safetensors but not a usable PackSfM model.
public enum WeightsError: Error, CustomStringConvertible {
    case wrongArchitecture(file: String, found: String?)
    case badConfiguration(file: String, text: String?)
    case missingFile(String)
    case missingShippedModel
    case nothingToAverage
    case configurationMismatch(file: String, reference: String)
    case nonFinite(file: String, tensor: String)

    public var description: String {
        switch self {
        case .wrongArchitecture(let file, let found):
            "\(file): weights are for architecture \(found.map { "\"\($0)\"" } ?? "(none given)"), expected \"\(PackNetModel.architecture)\""
        case .badConfiguration(let file, let text):
            "\(file): the \"config\" metadata is missing or not a PackNet-S configuration: \(text ?? "(absent)")"
        case .missingFile(let file):
            "\(file): no such weights file"
        case .missingShippedModel:
            "the shipped model (packnet-s.safetensors) is missing from this build; pass --weights FILE"
        case .nothingToAverage:
            "no weights files to average"
        case .configurationMismatch(let file, let reference):
            "\(file): the network configuration differs from that of \(reference); only snapshots of one model can be averaged"
        case .nonFinite(let file, let tensor):
            "\(file): tensor \(tensor) holds NaN or Inf"
        }
    }
}
