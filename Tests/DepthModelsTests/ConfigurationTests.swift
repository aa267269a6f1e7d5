import Foundation
import Testing
import DepthModels

@Suite struct ConfigurationTests {
    @Test func configurationUsesTheWeightsFileKeys() throws {
        let json = String(decoding: try JSONEncoder().encode(PackNetConfiguration()), as: UTF8.self)
        for key in ["\"pose_widths\"", "\"min_depth\"", "\"max_depth\"", "\"input_height\"", "\"d3d\""] {
            #expect(json.contains(key), "missing \(key) in \(json)")
        }
    }
}
