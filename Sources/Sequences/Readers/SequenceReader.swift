import Foundation

/// Opens any input PackSfM reads: a TUM RGB-D folder, a folder of PNG images or a video file.
public enum SequenceReader {
    /// The kinds of input.
    public enum InputKind: String, Equatable, Sendable {
        /// A TUM RGB-D dataset folder (rgb.txt, optional depth.txt and groundtruth.txt).
        case tum = "TUM RGB-D folder"
        /// A folder of PNG images, in natural name order.
        case imageFolder = "image folder"
        /// A video file, decoded to PNG frames by ffmpeg.
        case video = "video"
    }

    /// What a reader made of an input.
    public struct Opened: Equatable, Sendable {
        /// Which kind of input it was.
        public var kind: InputKind
        /// The sequence.
        public var sequence: FrameSequence
        /// Things the user should be told: assumed calibrations, the frame rate used, ...
        public var notes: [String]
    }

    /// Opens `url` as a sequence; see ``inspect(_:options:)`` for the notes that go with it.
    public static func open(_ url: URL, options: ReaderOptions = ReaderOptions()) throws -> FrameSequence {
        try inspect(url, options: options).sequence
    }

    /// Opens `url`, telling which kind of input it is and what was assumed. A folder holding
    /// rgb.txt (or depth.txt / groundtruth.txt) is a TUM folder; a folder of PNG images an image
    /// folder; a file with a video extension a video. Anything else is an error naming the path.
    public static func inspect(_ url: URL, options: ReaderOptions = ReaderOptions()) throws -> Opened {
        try options.validate()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw SequenceReaderError.notFound(url)
        }
        if !isFolder.boolValue {
            guard VideoReader.extensions.contains(url.pathExtension.lowercased()) else {
                let what = url.pathExtension.isEmpty ? "a file without extension" : "a .\(url.pathExtension) file"
                throw SequenceReaderError.unknownInput(url, found: what)
            }
            return try VideoReader.read(url, options: options)
        }
        if TUMFolderReader.looksLikeTUM(url) {
            return try TUMFolderReader.read(url, options: options)
        }
        return try ImageFolderReader.read(url, options: options)
    }
}
