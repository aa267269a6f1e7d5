import Foundation
import Geometry

/// How ``SequenceReader`` reads an input; every field has a sensible default.
public struct ReaderOptions: Sendable {
    /// Camera intrinsics given on the command line; they win over intrinsics.txt, a known
    /// calibration and the field of view, and are rescaled when the images have another size.
    public var intrinsics: Intrinsics?
    /// Horizontal field of view in degrees, used when nothing better is known (image folders
    /// and videos; videos fall back to ``defaultVideoFieldOfView``).
    public var fieldOfView: Double?
    /// Frames per second of an image folder, and of a video whose rate cannot be probed.
    public var framesPerSecond: Double
    /// Keep every `frameStep`-th frame (1 keeps all): frame-rate subsampling.
    public var frameStep: Int
    /// Keep at most this many frames (after subsampling), the first ones.
    public var maximumFrames: Int?
    /// Videos only: downscale decoded frames so that the longer side is at most this many pixels.
    public var maximumSize: Int?
    /// Videos only: where decoded frames are cached (a subfolder per video and setting);
    /// `nil` uses the system's temporary folder.
    public var scratchFolder: URL?
    /// Folders searched for ffmpeg and ffprobe; `nil` uses the `PATH` environment variable.
    public var executableSearchPath: [URL]?

    /// The horizontal field of view assumed for videos without intrinsics: a typical phone's
    /// main camera, in degrees.
    public static let defaultVideoFieldOfView = 65.0

    /// How many videos' decoded frames the frames cache keeps (the most recently used; older
    /// ones are removed after a new decode once unused for an hour).
    public static let keptVideoDecodes = 4

    /// Options from their parts; the defaults read everything at 30 frames per second.
    public init(intrinsics: Intrinsics? = nil, fieldOfView: Double? = nil, framesPerSecond: Double = 30,
                frameStep: Int = 1, maximumFrames: Int? = nil, maximumSize: Int? = nil,
                scratchFolder: URL? = nil, executableSearchPath: [URL]? = nil) {
        self.intrinsics = intrinsics; self.fieldOfView = fieldOfView; self.framesPerSecond = framesPerSecond
        self.frameStep = frameStep; self.maximumFrames = maximumFrames; self.maximumSize = maximumSize
        self.scratchFolder = scratchFolder; self.executableSearchPath = executableSearchPath
    }

    /// Throws for values that make no sense (a zero frame rate, a negative field of view, ...).
    public func validate() throws {
        if !(framesPerSecond > 0 && framesPerSecond.isFinite) {
            throw SequenceReaderError.invalidOption(name: "fps", value: "\(framesPerSecond)", reason: "must be a positive number")
        }
        if frameStep < 1 {
            throw SequenceReaderError.invalidOption(name: "frame step", value: "\(frameStep)", reason: "must be at least 1")
        }
        if let maximumFrames, maximumFrames < 1 {
            throw SequenceReaderError.invalidOption(name: "maximum frames", value: "\(maximumFrames)", reason: "must be at least 1")
        }
        if let maximumSize, maximumSize < 2 {
            throw SequenceReaderError.invalidOption(name: "maximum size", value: "\(maximumSize)", reason: "must be at least 2 pixels")
        }
        if let fieldOfView, !(fieldOfView > 0 && fieldOfView < 180) {
            throw SequenceReaderError.invalidOption(name: "fov", value: "\(fieldOfView)", reason: "must be between 0 and 180 degrees")
        }
        if let intrinsics, !(intrinsics.fx > 0 && intrinsics.fy > 0) {
            throw SequenceReaderError.invalidOption(name: "intrinsics", value: "fx \(intrinsics.fx) fy \(intrinsics.fy)",
                                                    reason: "focal lengths must be positive")
        }
    }

    /// The indices of `count` frames that these options keep, in order.
    func keptIndices(of count: Int) -> [Int] {
        let strided = Array(stride(from: 0, to: count, by: frameStep))
        guard let maximumFrames else { return strided }
        return Array(strided.prefix(maximumFrames))
    }
}
