import Foundation
import Testing
import Reconstruction

@Suite struct ReconstructionFolderTests {
    @Test func perFrameFilesAreNamedByTimestamp() {
        let folder = ReconstructionFolder(root: URL(fileURLWithPath: "/tmp/r"))
        #expect(folder.depth(timestamp: 1.5).path == "/tmp/r/depth/1.500000.png")
        #expect(folder.mask(timestamp: 0).lastPathComponent == "0.000000.png")
    }
}
