import ArgumentParser
import Foundation
import Imaging
import Viewer

/// `packsfm view`: the reconstruction in an OpenGL window, or one rendered image.
struct ViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Show a reconstruction folder in an OpenGL window: fused points, cameras, per-frame evidence.",
        discussion: """
        Keys: WASD/QE fly, drag to look, O orbit/fly, R reset, F follow the trajectory, G look through \
        the current frame, LEFT/RIGHT frames, SPACE play, C colour mode, L eye-dome lighting, 1-4 panels, \
        M mask points in 3D, N navmap, P screenshot, H help.

        When DIR/navmap/ holds the files of `packsfm navmap`, the occupancy grid is drawn on the floor \
        (free cells green, occupied red, unknown left out) and the planned path above it (magenta, \
        start green, goal blue); N hides and shows them.

        Examples:
          packsfm view /tmp/living_room_recon
          packsfm view /tmp/living_room_recon --gt /tmp/living_room/groundtruth.txt
          xvfb-run -a packsfm view /tmp/living_room_recon --screenshot room.png --frame 10 --panel --mask-points --edl
        """
    )

    @Argument(help: "The reconstruction folder written by `packsfm reconstruct`.")
    var folder: String

    @Option(name: .customLong("gt"), help: ArgumentHelp("A ground-truth trajectory (TUM format) drawn in blue; default: DIR/groundtruth.txt when present.", valueName: "file"))
    var groundTruth: String?

    @Option(help: ArgumentHelp("Draw at most this many points (a uniform subsample of bigger clouds).", valueName: "count"))
    var pointBudget = 2_000_000

    @Option(help: ArgumentHelp("Render one image to this PNG in a hidden window and exit.", valueName: "file"))
    var screenshot: String?

    @Option(help: ArgumentHelp("The current frame, counted from 1 as in the status bar (line N of trajectory.txt).", valueName: "N"))
    var frame = 1

    @Flag(help: "Start looking through the current frame's camera instead of the overview.")
    var lookThrough = false

    @Option(help: ArgumentHelp("Window or image size.", valueName: "WxH"))
    var size = "1280x720"

    @Option(help: ArgumentHelp("Point colours: \(ColorMode.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "mode"))
    var colorMode = "rgb"

    @Flag(help: "Show the current frame's RGB, depth, error and mask panels.")
    var panel = false

    @Flag(help: "Show the current frame's depth in 3D: pixels its mask kept green, rejected red.")
    var maskPoints = false

    @Flag(help: "Shade the points with eye-dome lighting.")
    var edl = false

    func validate() throws {
        guard parsedSize != nil else { throw ValidationError("--size must look like 1280x720 (both positive), got '\(size)'") }
        guard ColorMode(rawValue: colorMode) != nil else {
            throw ValidationError("--color-mode must be one of \(ColorMode.allCases.map(\.rawValue).joined(separator: ", ")), got '\(colorMode)'")
        }
        guard pointBudget > 0 else { throw ValidationError("--point-budget must be positive, got \(pointBudget)") }
        guard frame >= 1 else { throw ValidationError("--frame counts from 1 (as the status bar does), got \(frame)") }
    }

    func run() throws {
        let warn = { (message: String) in FileHandle.standardError.write("warning: \(message)\n".data(using: .utf8)!) }
        let root = URL(fileURLWithPath: folder)
        let scene = try ViewerScene.load(folder: root, groundTruth: groundTruth.map { URL(fileURLWithPath: $0) },
                                   pointBudget: pointBudget, warn: warn)
        var options = ViewerOptions()
        (options.width, options.height) = parsedSize!
        options.colorMode = ColorMode(rawValue: colorMode)!
        options.eyeDomeLighting = edl
        options.panels = panel ? Set(Panel.allCases) : []
        options.maskPoints = maskPoints
        options.frameIndex = frame - 1
        options.lookThroughFrame = lookThrough
        let session = try ViewerSession(scene: scene, options: options, visible: screenshot == nil,
                                        loadEvidence: FrameEvidence.loader(folder: root, scene: scene, warn: warn))
        if let screenshot {
            try PNG.write(session.renderImage(), to: URL(fileURLWithPath: screenshot))
            print("wrote \(screenshot)")
        } else {
            try session.run()
        }
    }

    private var parsedSize: (Int, Int)? {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { return nil }
        return (parts[0], parts[1])
    }
}
