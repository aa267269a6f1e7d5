import Foundation
import Imaging
import Testing
@testable import Viewer

@Suite struct SessionSmokeTests {
    @Test func rendersTheSyntheticRoom() throws {
        let synthetic = SyntheticReconstruction()
        var options = ViewerOptions()
        options.width = 640; options.height = 360
        options.panels = Set(Panel.allCases)
        options.frameIndex = 1
        let session = try ViewerSession(scene: synthetic.scene, options: options, visible: false) { synthetic.evidence[$0] }
        print(session.graphicsDescription)
        try PNG.write(session.renderImage(), to: URL(fileURLWithPath: "/tmp/viewer-smoke-rgb.png"))
        session.state.colorMode = .error
        session.state.eyeDomeLighting = true
        session.state.showHelp = true
        try PNG.write(session.renderImage(), to: URL(fileURLWithPath: "/tmp/viewer-smoke-error.png"))
    }
}
