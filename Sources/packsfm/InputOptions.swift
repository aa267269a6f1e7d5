import ArgumentParser
import Foundation
import Geometry
import Sequences

/// The options of every command that reads an input sequence (`@OptionGroup`).
struct InputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Camera intrinsics 'fx,fy,cx,cy,width,height' in pixels at the size they were calibrated for "
                               + "(rescaled to the frames); wins over intrinsics.txt.", valueName: "fx,fy,cx,cy,w,h"))
    var intrinsics: String?

    @Option(help: ArgumentHelp("Horizontal field of view in degrees, for inputs without intrinsics.txt "
                               + "(videos default to \(ReaderOptions.defaultVideoFieldOfView)).", valueName: "degrees"))
    var fov: Double?

    @Option(help: "Frames per second of an image folder (and of a video whose rate is unknown).")
    var fps: Double = 30

    @Option(name: .customLong("every"), help: ArgumentHelp("Keep every n-th frame.", valueName: "n"))
    var frameStep: Int = 1

    @Option(name: .customLong("max-frames"), help: ArgumentHelp("Keep at most this many frames (the first ones).", valueName: "count"))
    var maximumFrames: Int?

    @Option(name: .customLong("max-size"),
            help: ArgumentHelp("Videos: downscale frames so that the longer side is at most this many pixels.", valueName: "pixels"))
    var maximumSize: Int?

    @Option(name: .customLong("frames-cache"),
            help: ArgumentHelp("Videos: the folder for decoded frames (default: the system's temporary folder); "
                               + "decodes of the \(ReaderOptions.keptVideoDecodes) most recently used videos are kept.", valueName: "folder"))
    var scratchFolder: String?

    func validate() throws {
        _ = try readerOptions()
    }

    /// The reader options these flags give.
    func readerOptions() throws -> ReaderOptions {
        var camera: Intrinsics?
        if let intrinsics {
            let numbers = intrinsics.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 6, let width = Int(exactly: numbers[4]), let height = Int(exactly: numbers[5]), width > 0, height > 0
            else {
                throw ValidationError("--intrinsics '\(intrinsics)': expected 6 comma-separated numbers 'fx,fy,cx,cy,width,height', "
                                      + "e.g. 525,525,319.5,239.5,640,480")
            }
            camera = Intrinsics(fx: numbers[0], fy: numbers[1], cx: numbers[2], cy: numbers[3], width: width, height: height)
        }
        let options = ReaderOptions(intrinsics: camera, fieldOfView: fov, framesPerSecond: fps, frameStep: frameStep,
                                    maximumFrames: maximumFrames, maximumSize: maximumSize,
                                    scratchFolder: scratchFolder.map { URL(fileURLWithPath: $0, isDirectory: true) })
        do {
            try options.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return options
    }
}
