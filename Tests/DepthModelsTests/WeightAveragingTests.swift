import Foundation
import Testing
import Tensors
@testable import DepthModels

@Suite struct WeightAveragingTests {
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("averaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A small network, so that the test writes and reads little.
    static var small: PackNetConfiguration {
        var configuration = PackNetConfiguration()
        configuration.widths = [8, 8, 8, 16, 16, 16]
        configuration.blocks = [1, 1, 1, 1]
        configuration.poseWidths = [8, 8, 8, 8, 8, 16, 16]
        return configuration
    }

    @Test func theAverageIsTheElementWiseMean() throws {
        let folder = try scratch()
        let models = (1...3).map { PackNetModel(configuration: Self.small, seed: UInt64($0)) }
        let urls = try models.enumerated().map { index, model in
            let url = folder.appendingPathComponent("snapshot\(index).safetensors")
            try model.save(to: url)
            return url
        }
        let averaged = try PackNetModel.average(of: urls)
        #expect(averaged.configuration == Self.small)
        let parameters = models.map { $0.namedParameters() }
        var worst: Float = 0
        for (index, parameter) in averaged.namedParameters().enumerated() {
            for element in 0..<parameter.tensor.count {
                let mean = parameters.reduce(Float(0)) { $0 + $1[index].tensor.values[element] } / 3
                worst = max(worst, abs(parameter.tensor.values[element] - mean))
            }
        }
        #expect(worst < 1e-6, "worst difference \(worst)")
    }

    @Test func anotherConfigurationIsRefusedNamingTheFile() throws {
        let folder = try scratch()
        let first = folder.appendingPathComponent("a.safetensors"), second = folder.appendingPathComponent("b.safetensors")
        try PackNetModel(configuration: Self.small).save(to: first)
        var wider = Self.small
        wider.d3d = 4
        try PackNetModel(configuration: wider).save(to: second)
        #expect {
            _ = try PackNetModel.average(of: [first, second])
        } throws: { error in
            "\(error)".contains(second.path) && "\(error)".contains("configuration differs from that of \(first.path)")
        }
    }

    @Test func nonFiniteWeightsAreRefusedNamingTheTensor() throws {
        let folder = try scratch()
        let good = folder.appendingPathComponent("good.safetensors"), bad = folder.appendingPathComponent("bad.safetensors")
        try PackNetModel(configuration: Self.small).save(to: good)
        let broken = PackNetModel(configuration: Self.small)
        let (name, tensor) = broken.namedParameters()[3]
        tensor.storage.pointer[0] = .nan
        try broken.save(to: bad)
        #expect {
            _ = try PackNetModel.average(of: [good, bad])
        } throws: { error in
            "\(error)".contains(bad.path) && "\(error)".contains(name)
        }
    }
}
