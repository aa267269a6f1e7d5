import Foundation

/// Why an input could not be read as a sequence. Every `description` names the file (and line,
/// where there is one) and says what is wrong and, where it helps, what to do.
public enum SequenceReaderError: Error, Equatable, CustomStringConvertible {
    /// Nothing exists at the path.
    case notFound(URL)
    /// The path exists but is none of the inputs the readers know.
    case unknownInput(URL, found: String)
    /// A folder with no files in it.
    case emptyFolder(URL)
    /// A folder of JPEG images: only PNG is read.
    case onlyJPEG(folder: URL, count: Int)
    /// A file the input needs is missing (`needed` says what for).
    case missingFile(URL, needed: String)
    /// A line of a text file does not have the expected form.
    case unparsableLine(file: URL, line: Int, expected: String, got: String)
    /// A list file refers to an image that does not exist.
    case missingImage(listedIn: URL, line: Int, image: URL)
    /// A list file lists no frames.
    case noFrames(URL)
    /// intrinsics.txt has the wrong shape or impossible values.
    case invalidIntrinsics(file: URL, line: Int, reason: String)
    /// No way to know the camera: no intrinsics.txt, no override, no field of view.
    case noIntrinsics(URL, advice: String)
    /// A file that should be a PNG image does not start with a PNG header.
    case notPNG(URL, reason: String)
    /// An image's size differs from the sequence's.
    case imageSizeMismatch(image: URL, width: Int, height: Int, expectedWidth: Int, expectedHeight: Int, firstImage: URL)
    /// A frame index outside the sequence.
    case frameIndexOutOfRange(index: Int, count: Int, sequence: String)
    /// A value of an option or of a decoded stream that makes no sense.
    case invalidOption(name: String, value: String, reason: String)
    /// An external tool (ffmpeg) is not on the search path.
    case toolNotFound(name: String, searchPath: [URL], installHint: String)
    /// An external tool ran and failed.
    case toolFailed(name: String, input: URL, status: Int32, message: String)

    /// The message for the user: the file (and line), what is wrong, and what to do.
    public var description: String {
        switch self {
        case .notFound(let url):
            return "\(url.path): no such file or folder"
        case .unknownInput(let url, let found):
            return "\(url.path): not an input PackSfM can read (\(found)); expected a TUM RGB-D folder "
                + "(with rgb.txt), a folder of PNG images, or a video file ("
                + VideoReader.extensions.map { "." + $0 }.joined(separator: ", ") + ")"
        case .emptyFolder(let url):
            return "\(url.path): the folder is empty; expected a TUM RGB-D folder (with rgb.txt) or PNG images"
        case .onlyJPEG(let folder, let count):
            return "\(folder.path): holds \(count) JPEG image(s) but no PNG; only PNG images are read. Convert them, "
                + "e.g. `ffmpeg -i in.jpg out.png` for each, or `mogrify -format png *.jpg` (ImageMagick)"
        case .missingFile(let url, let needed):
            return "\(url.path): missing; \(needed)"
        case .unparsableLine(let file, let line, let expected, let got):
            return "\(file.path) line \(line): expected \(expected), got '\(got)'"
        case .missingImage(let list, let line, let image):
            return "\(list.path) line \(line): image \(image.path) does not exist"
        case .noFrames(let url):
            return "\(url.path): lists no frames"
        case .invalidIntrinsics(let file, let line, let reason):
            return "\(file.path) line \(line): \(reason)"
        case .noIntrinsics(let url, let advice):
            return "\(url.path): the camera intrinsics are unknown; \(advice)"
        case .notPNG(let url, let reason):
            return "\(url.path): not a PNG image (\(reason))"
        case .imageSizeMismatch(let image, let width, let height, let expectedWidth, let expectedHeight, let first):
            return "\(image.path): image is \(width)x\(height) but the sequence's images are "
                + "\(expectedWidth)x\(expectedHeight) (as \(first.lastPathComponent)); all images of a sequence must have one size"
        case .frameIndexOutOfRange(let index, let count, let sequence):
            return "\(sequence): frame \(index) does not exist (the sequence has \(count) frames)"
        case .invalidOption(let name, let value, let reason):
            return "\(name) = \(value): \(reason)"
        case .toolNotFound(let name, let searchPath, let hint):
            let searched = searchPath.isEmpty ? "the search path is empty" : "searched " + searchPath.map(\.path).joined(separator: ":")
            return "\(name) was not found (\(searched)); \(hint)"
        case .toolFailed(let name, let input, let status, let message):
            return "\(input.path): \(name) failed with exit status \(status): \(message)"
        }
    }
}
