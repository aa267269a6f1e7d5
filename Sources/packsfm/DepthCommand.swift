import ArgumentParser
import DepthModels
import Foundation
import Imaging

/// `packsfm depth`: per-image depth maps from the depth network.
struct DepthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "depth",
        abstract: "Predict a depth map for each image: a .npy array in metres and a colour-mapped PNG.",
        discussion: """
        For each IMAGE.png, writes into --out:
          IMAGE.npy        float32 H x W depth in metres at the image's size
          IMAGE.png        depth in viridis (near = bright) with a legend strip
          IMAGE.depth.png  with --depth-png: 16-bit depth, metres x 5000 (TUM)
        The network runs at its training size; its inverse depth is upsampled \
        bilinearly to the image's size. Every image is read before anything is \
        written; each file is written under a temporary name and renamed.

        Examples:
          packsfm depth photo.png --out /tmp/depth
          packsfm depth frames/*.png --out /tmp/depth --refine guided --depth-png
          packsfm depth photo.png --out /tmp/depth --mirror-average
          packsfm depth room.png --out /tmp/d --weights runs/default/weights.safetensors
        """
    )

    @Argument(help: "PNG images (gray, RGB or RGBA; 8 or 16 bits).")
    var images: [String]

    @Option(help: "Output folder (created if needed).")
    var out: String

    @OptionGroup var prediction: DepthPredictionOptions

    @Flag(help: "Also write IMAGE.depth.png, 16-bit depth in metres x 5000.")
    var depthPng = false

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one image") }
        var seen: [String: String] = [:]
        for image in images {
            let name = Self.outputName(image)
            if let other = seen[name] {
                throw ValidationError("\(other) and \(image) would both write \(name).npy; process them into different --out folders")
            }
            seen[name] = image
        }
    }

    /// The base name of an image's outputs: its file name without the extension.
    static func outputName(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    func run() throws {
        let inputs = try images.map { try PNG.read(URL(fileURLWithPath: $0)) }
        let predictor = try prediction.predictor()
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bar = ProgressBar("depth", total: inputs.count, unit: "images")
        for (index, (path, image)) in zip(images, inputs).enumerated() {
            let depth = predictor.depthMap(image, refinement: prediction.refine)
            let name = Self.outputName(path)
            try NumpyArray(depth).write(to: folder.appendingPathComponent(name + ".npy"))
            let picture = DepthVisualization(depth)
            try PNG.write(picture.image, to: folder.appendingPathComponent(name + ".png"))
            if depthPng { try PNG.writeDepth(depth, to: folder.appendingPathComponent(name + ".depth.png")) }
            print("\(path): \(depth.width)x\(depth.height), depth "
                  + String(format: "%.2f-%.2f m", picture.range.lowerBound, picture.range.upperBound)
                  + " -> \(folder.appendingPathComponent(name).path).npy, .png")
            bar.update(index + 1, detail: URL(fileURLWithPath: path).lastPathComponent)
        }
    }
}
