import Foundation
import Geometry
import Imaging
import Reconstruction
import Testing
@testable import Viewer

/// Everything that needs an OpenGL context (run under `xvfb-run -a`). One serialised suite:
/// GLFW is initialised and terminated by each window, so two must never overlap.
@Suite(.serialized) struct RenderingTests {
    /// A hidden session on the synthetic room, loaded from a reconstruction folder on disk (with
    /// the files of `packsfm navmap` when `navmap` is set).
    static func session(_ options: ViewerOptions = .snapshot, synthetic: SyntheticReconstruction = SyntheticReconstruction(),
                        navmap: Bool = false) throws -> ViewerSession {
        let root = try synthetic.writeFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        if navmap { try synthetic.writeNavmap(into: root) }
        let scene = try ViewerScene.load(folder: root, pointBudget: 2_000_000)
        // Read every frame's images now: the folder is gone once the session exists.
        let evidence = try scene.frames.map { try FrameEvidence.load(from: ReconstructionFolder(root: root), timestamp: $0.timestamp) }
        return try ViewerSession(scene: scene, options: options, visible: false) { evidence[$0] }
    }

    @Test func everyShaderCompilesAndLinks() throws {
        let files = ShaderLibrary.fileNames
        #expect(files.count >= 10 && files.contains("floormap.vert"))
        let stems = Set(files.map { String($0.split(separator: ".")[0]) })
        let session = try Self.session()   // holds the GL context
        for stem in stems.sorted() {
            #expect(files.contains("\(stem).vert") && files.contains("\(stem).frag"), "\(stem) needs both stages")
            _ = try ShaderProgram(named: stem)
        }
        withExtendedLifetime(session) {}
    }

    @Test func aBrokenShaderReportsStageLogAndNumberedSource() throws {
        let session = try Self.session()   // holds the GL context
        defer { withExtendedLifetime(session) {} }
        let fragment = "#version 330 core\nout vec4 o_color;\nvoid main() {\n    o_color = undefinedThing;\n}\n"
        do {
            _ = try ShaderProgram(label: "broken", vertexSource: try ShaderLibrary.source(of: "lines.vert"), fragmentSource: fragment)
            Issue.record("a broken shader compiled")
        } catch let error as ShaderError {
            let text = error.description
            #expect(text.contains("shader 'broken': the fragment stage failed to compile"))
            #expect(text.contains("undefinedThing"))
            #expect(text.contains("   4      o_color = undefinedThing;"))
        }
    }

    @Test(arguments: ColorMode.allCases)
    func eachColourModeMatchesItsSnapshot(mode: ColorMode) throws {
        var options = ViewerOptions.snapshot
        options.colorMode = mode
        let image = try Self.session(options).renderImage()
        if let failure = try Snapshot.mismatch(image, named: "room-\(mode.rawValue)") { Issue.record(Comment(rawValue: failure)) }
    }

    @Test func panelsAndEyeDomeLightingMatchTheirSnapshot() throws {
        var options = ViewerOptions.snapshot
        options.width = 640; options.height = 360
        options.panels = Set(Panel.allCases)
        options.maskPoints = true
        options.eyeDomeLighting = true
        options.colorMode = .depth
        let image = try Self.session(options).renderImage()
        if let failure = try Snapshot.mismatch(image, named: "room-panels-edl") { Issue.record(Comment(rawValue: failure)) }
    }

    @Test func theNavmapLiesOnTheFloorWithItsPathAndTheKeyHidesIt() throws {
        var options = ViewerOptions.snapshot
        options.width = 640; options.height = 360
        let synthetic = SyntheticReconstruction(pointCount: 20_000)
        let session = try Self.session(options, synthetic: synthetic, navmap: true)
        // From high above the open side of the room, so the floor and the path around the box show.
        let scene = synthetic.scene
        let (center, radius) = scene.extent
        session.state.camera = .lookingAt(center, from: center + scene.up * radius * 1.3 + SIMD3(0, 0, -radius * 0.7), up: scene.up)
        let shown = session.renderImage()
        if let failure = try Snapshot.mismatch(shown, named: "room-navmap") { Issue.record(Comment(rawValue: failure)) }
        session.state.handle(.key(.n, pressed: true))
        let hidden = session.renderImage()
        // Without the map, no pixel is the path's magenta.
        func magentaCount(_ image: Image) -> Int {
            (0..<(image.width * image.height)).filter { pixel in
                let (r, g, b) = (image.pixels[pixel * 3], image.pixels[pixel * 3 + 1], image.pixels[pixel * 3 + 2])
                return r > 0.8 && g < 0.4 && b > 0.7
            }.count
        }
        #expect(magentaCount(shown) > 50 && magentaCount(hidden) == 0, "\(magentaCount(shown)) and \(magentaCount(hidden)) magenta pixels")
    }

    @Test func lookingThroughAFrameSeesWhatItsDepthMapSays() throws {
        var options = ViewerOptions.snapshot
        options.frameIndex = 2
        options.lookThroughFrame = true
        let image = try Self.session(options).renderImage()
        if let failure = try Snapshot.mismatch(image, named: "room-frame3") { Issue.record(Comment(rawValue: failure)) }
    }

    @Test func theSnapshotComparisonCanFail() throws {
        var options = ViewerOptions.snapshot
        options.colorMode = .observations
        let image = try Self.session(options).renderImage()
        guard ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != "1" else { return }
        #expect(try Snapshot.mismatch(image, named: "room-rgb") != nil)
    }

    @Test func resizingChangesTheImageSize() throws {
        let session = try Self.session()
        try session.resize(width: 200, height: 120)
        let image = session.renderImage()
        #expect(image.width == 200 && image.height == 120)
        // Zero sizes (a minimised window) keep the last size.
        try session.resize(width: 0, height: 0)
        #expect(session.renderImage().width == 200)
    }

    @Test func aFrameOutsideTheTrajectoryIsRejected() throws {
        var options = ViewerOptions.snapshot
        options.frameIndex = 7
        #expect(throws: ViewerError.invalidValue("frame 8 is out of range: the trajectory has frames 1 to 3")) {
            try Self.session(options)
        }
    }

    @Test func levelOfDetailDrawsSlicesUntilComplete() throws {
        let session = try Self.session(synthetic: SyntheticReconstruction(pointCount: 50_000))
        var total = 0, frames = 0
        while !session.isComplete || frames == 0 {
            total += session.renderFrame().points
            frames += 1
        }
        #expect(total == 50_000 && frames >= 1)
        #expect(session.renderFrame().points == 0)
        session.state.handle(.scrolled(offset: 1))
        #expect(session.renderFrame().points > 0)
    }
}

extension ViewerOptions {
    /// The fixed settings every snapshot starts from: 400×240, frame 2, overview.
    static var snapshot: ViewerOptions {
        var options = ViewerOptions()
        options.width = 400; options.height = 240
        options.frameIndex = 1
        return options
    }
}
