import ArgumentParser
import Foundation
import Geometry
import Sequences

/// `packsfm info INPUT`: what the readers see in an input, without reading any image.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what PackSfM reads from an input: its type, frames, image size, intrinsics, duration, depth and poses.",
        discussion: """
        INPUT is a TUM RGB-D folder (rgb.txt, depth.txt, groundtruth.txt), a folder of PNG images \
        (natural name order, optional intrinsics.txt 'fx fy cx cy') or a video file (decoded with ffmpeg). \
        Nothing but PNG headers is read, except that a video is decoded once into the frames cache.

        Examples:
          packsfm info rgbd_dataset_freiburg1_xyz
          packsfm info frames/ --fov 70 --fps 15
          packsfm info room.mp4 --max-size 640 --every 2
        """
    )

    @Argument(help: "A TUM RGB-D folder, a folder of PNG images or a video file.")
    var input: String

    @OptionGroup var inputOptions: InputOptions

    func run() throws {
        let opened = try SequenceReader.inspect(URL(fileURLWithPath: input), options: try inputOptions.readerOptions())
        print(InfoCommand.report(opened, input: input))
    }

    /// The lines `info` prints.
    static func report(_ opened: SequenceReader.Opened, input: String) -> String {
        let sequence = opened.sequence, camera = sequence.intrinsics, frames = sequence.frames
        let count = frames.count
        let first = frames.first?.timestamp ?? 0, last = frames.last?.timestamp ?? 0
        let duration = last - first
        let rate = count > 1 && duration > 0 ? String(format: ", %.2f frames/s", Double(count - 1) / duration) : ""
        let fieldOfView = 2 * atan(Double(camera.width) / (2 * camera.fx)) * 180 / .pi
        let depthCount = frames.filter { $0.depth != nil }.count
        let poseCount = frames.filter { $0.worldFromCamera != nil }.count
        var lines = [
            "input       \(input)",
            "type        \(opened.kind.rawValue)",
            "name        \(sequence.name)",
            "frames      \(count)",
            "size        \(camera.width)x\(camera.height)",
            String(format: "intrinsics  fx %.2f  fy %.2f  cx %.2f  cy %.2f  (horizontal field of view %.1f°)",
                   camera.fx, camera.fy, camera.cx, camera.cy, fieldOfView),
            String(format: "duration    %.3f s (timestamps %.3f to %.3f", duration, first, last) + rate + ")",
            "depth       " + (depthCount == 0 ? "none" : "\(depthCount) of \(count) frames (PNG, \(sequence.depthScale) per metre)"),
            "poses       " + (poseCount == 0 ? "none" : "ground truth for \(poseCount) of \(count) frames"),
        ]
        lines += opened.notes.map { "note        " + $0 }
        return lines.joined(separator: "\n")
    }
}
