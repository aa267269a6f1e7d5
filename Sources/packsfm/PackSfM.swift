import ArgumentParser
import Tensors

/// The `packsfm` command line: reconstruct rooms from ordinary video.
@main
struct PackSfM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "packsfm",
        abstract: "Reconstruct a room from video with self-supervised depth and ego-motion networks.",
        discussion: """
        Typical use:
          packsfm render Scenes/living_room.json --out /tmp/living_room
          packsfm reconstruct /tmp/living_room --out /tmp/living_room_recon
          packsfm view /tmp/living_room_recon
        """,
        version: "0.1.0",
        subcommands: [
            RenderCommand.self, InfoCommand.self, TrainCommand.self, DepthCommand.self, ReconstructCommand.self,
            ViewCommand.self, EvalCommand.self, EvalDepthCommand.self, NavmapCommand.self, AverageWeightsCommand.self,
        ]
    )

    /// Configures the allocator for tensor work, then parses and runs the command.
    static func main() {
        MemoryAllocator.retainLargeBuffers()
        main(nil)
    }
}
