import Foundation
import Testing
import Tensors
@testable import DepthModels

/// PackNet-S against the independent PyTorch implementation of shared/ARCHITECTURE.md
/// (scripts/packnet_s.py; fixtures made by Fixtures/make_network_fixtures.py).
@Suite struct NetworkContractTests {
    let fixture = Bundle.module.url(forResource: "tiny_packnet", withExtension: "safetensors", subdirectory: "Fixtures")!

    func maximumDifference(_ a: Tensor, _ b: Tensor) -> Float {
        #expect(a.shape == b.shape)
        return zip(a.values, b.values).map { abs($0 - $1) }.max() ?? .infinity
    }

    @Test func depthNetMatchesPyTorch() throws {
        let model = try PackNetModel(contentsOf: fixture)
        let (tensors, _) = try SafeTensors.read(fixture)
        let sigmas = withoutGradients { model.depth(tensors["fixture.input"]!) }
        for scale in 0..<4 {
            let difference = maximumDifference(sigmas[scale], tensors["fixture.sigma\(scale + 1)"]!)
            #expect(difference < 2e-5, "σ\(scale + 1) differs by \(difference)")
        }
    }

    @Test func poseNetMatchesPyTorch() throws {
        let model = try PackNetModel(contentsOf: fixture)
        let (tensors, _) = try SafeTensors.read(fixture)
        let motion = withoutGradients { model.pose(target: tensors["fixture.input"]!, source: tensors["fixture.source"]!) }
        #expect(maximumDifference(motion, tensors["fixture.motion"]!) < 1e-6)
    }

    @Test func defaultParameterNamesAndShapesMatchTheContract() throws {
        let url = Bundle.module.url(forResource: "default_parameter_shapes", withExtension: "json", subdirectory: "Fixtures")!
        let expected = try JSONDecoder().decode([String: [Int]].self, from: Data(contentsOf: url))
        let model = PackNetModel()
        let actual = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.tensor.shape) })
        #expect(Set(actual.keys).symmetricDifference(expected.keys).isEmpty,
                "names differ: \(Set(actual.keys).symmetricDifference(expected.keys).sorted().prefix(10))")
        for (name, shape) in expected { #expect(actual[name] == shape, "\(name): \(actual[name] ?? []) vs \(shape)") }
    }

    @Test func weightsRoundTripThroughSafetensors() throws {
        let model = PackNetModel(seed: 9)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-weights-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let loaded = try PackNetModel(contentsOf: url)
        #expect(loaded.configuration == model.configuration)
        for (a, b) in zip(model.namedParameters(), loaded.namedParameters()) {
            #expect(a.name == b.name && a.tensor.values == b.tensor.values)
        }
    }

    @Test func foreignWeightsAreRejectedWithTheArchitectureNamed() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("packsfm-foreign-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(["w": Tensor(shape: [1], values: [1])], metadata: ["arch": "resnet18"], to: url)
        #expect { try PackNetModel(contentsOf: url) } throws: { error in
            "\(error)".contains("\"resnet18\"") && "\(error)".contains("packnet-s") && "\(error)".contains(url.path)
        }
    }

    @Test func inputSizeNotAMultipleOf32IsRefused() async {
        await #expect(processExitsWith: .failure) {
            _ = PackNetModel().depth(Tensor.zeros([1, 3, 40, 64]))
        }
    }
}
