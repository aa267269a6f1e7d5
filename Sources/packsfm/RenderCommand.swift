import ArgumentParser
import Foundation
import Sequences

/// `packsfm render`: synthetic rooms to TUM RGB-D folders with exact depth and poses.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render synthetic rooms into TUM RGB-D folders (images, exact depth, exact poses).",
        discussion: """
        Writes rgb/ and depth/ PNGs (depth 16-bit, metres × 5000), rgb.txt, depth.txt, \
        groundtruth.txt, intrinsics.txt and scene.json. Scenes/*.json are the evaluation set; \
        train on --random rooms only.

        Examples:
          packsfm render Scenes/living_room.json --out /tmp/living_room
          packsfm render Scenes/office.json --out /tmp/office --frames 300 --fps 15 --size 320x256
          packsfm render --random 20 --seed 7 --out /tmp/rooms     (writes /tmp/rooms/room_000 … room_019)
        """
    )

    @Argument(help: "A scene file (format: docs/scenes.md). Leave out when using --random.")
    var scene: String?

    @Option(help: "Output folder: must not exist or be empty (with --random: holds room_000, room_001, …).")
    var out: String

    @Option(help: "Frames per sequence.")
    var frames: Int = 200

    @Option(help: "Frames per second (default: the scene's; random rooms: 10).")
    var fps: Double?

    @Option(help: "Image size as WIDTHxHEIGHT (the networks need multiples of 32).")
    var size: String = "320x256"

    @Option(help: "Render this many random rooms instead of a scene file.")
    var random: Int?

    @Option(help: "Seed of the random rooms (room i of a seed is always the same room).")
    var seed: UInt64 = 0

    @Option(help: "Colour samples per pixel along each axis.")
    var supersampling: Int = 2

    func validate() throws {
        _ = try parseSize(size, option: "--size")
        guard frames > 0 else { throw ValidationError("--frames must be positive; got \(frames)") }
        if let fps, !(fps > 0) { throw ValidationError("--fps must be positive; got \(fps)") }
        guard supersampling >= 1 else { throw ValidationError("--supersampling must be at least 1; got \(supersampling)") }
        switch (scene, random) {
        case (nil, nil): throw ValidationError("give a scene file or --random N")
        case (.some, .some): throw ValidationError("give either a scene file or --random N, not both")
        case (nil, .some(let count)) where count <= 0: throw ValidationError("--random must be positive; got \(count)")
        default: break
        }
    }

    func run() throws {
        let (width, height) = try parseSize(size, option: "--size")
        let output = URL(fileURLWithPath: out)
        if let scene {
            let loaded = try Scene.load(URL(fileURLWithPath: scene))
            try render(loaded, width: width, height: height, to: output)
            return
        }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let generator = RoomGenerator(seed: seed)
        for index in 0..<(random ?? 0) {
            let room = generator.room(index)
            try render(room, width: width, height: height, to: output.appendingPathComponent(room.name))
        }
    }

    private func render(_ scene: Scene, width: Int, height: Int, to folder: URL) throws {
        let bar = ProgressBar(scene.name, total: frames, unit: "frames")
        try renderSequence(scene: scene, frames: frames, fps: fps, width: width, height: height, to: folder,
                           supersampling: supersampling) { bar.update($0) }
        FileHandle.standardError.write(Data("wrote \(folder.path)\n".utf8))
    }
}
