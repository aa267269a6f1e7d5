import Foundation
import Tensors
import Testing
import TestSupport

@Suite struct AverageWeightsCommandTests {
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("average-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A weights-file look-alike: the shipped file's metadata with every tensor set to `value`.
    func constantWeights(_ value: Float, at url: URL, shipped: URL) throws {
        let (tensors, metadata) = try SafeTensors.read(shipped)
        let constant = tensors.mapValues { Tensor(repeating: value, shape: $0.shape) }
        try SafeTensors.write(constant, metadata: metadata, to: url)
    }

    @Test func writesTheMeanAndListsItsSources() throws {
        let folder = try scratch()
        let shipped = Executable.productsDirectory
            .appendingPathComponent("PackSfM_DepthModels.resources/packnet-s.safetensors")
        let a = folder.appendingPathComponent("a.safetensors"), b = folder.appendingPathComponent("b.safetensors")
        try constantWeights(1, at: a, shipped: shipped)
        try constantWeights(2, at: b, shipped: shipped)
        let out = folder.appendingPathComponent("mean.safetensors")
        let outcome = try Executable.run("packsfm", ["average-weights", a.path, b.path, "--out", out.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("wrote the mean of 2 weights files"))
        let (tensors, metadata) = try SafeTensors.read(out)
        #expect(tensors.values.allSatisfy { $0.values.allSatisfy { $0 == 1.5 } })
        #expect(metadata["averaged_from"] == "a.safetensors, b.safetensors" && metadata["arch"] == "packnet-s")
    }

    @Test func badInputsFailWithAMessageAndWriteNothing() throws {
        let folder = try scratch()
        let out = folder.appendingPathComponent("mean.safetensors")
        let single = try Executable.run("packsfm", ["average-weights", "only.safetensors", "--out", out.path])
        #expect(single.status != 0 && single.standardError.contains("at least two weights files"))
        let missing = folder.appendingPathComponent("missing.safetensors")
        let notFound = try Executable.run("packsfm", ["average-weights", missing.path, missing.path, "--out", out.path])
        #expect(notFound.status != 0 && notFound.standardError.contains("\(missing.path): no such weights file"))
        let garbage = folder.appendingPathComponent("garbage.safetensors")
        try Data("not a safetensors file".utf8).write(to: garbage)
        let broken = try Executable.run("packsfm", ["average-weights", garbage.path, garbage.path, "--out", out.path])
        #expect(broken.status != 0 && broken.standardError.contains(garbage.path))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func helpHasExamples() throws {
        let outcome = try Executable.run("packsfm", ["average-weights", "--help"])
        #expect(outcome.status == 0 && outcome.standardOutput.contains("packsfm average-weights snaps/step-*.safetensors"))
    }
}
