import Foundation

/// Reads a video file by decoding it to PNG frames with the `ffmpeg` executable.
enum VideoReader {
    /// File extensions taken for videos (lowercase).
    static let extensions = ["mp4", "mov", "m4v", "mkv", "avi", "webm", "mpg", "mpeg", "wmv", "flv", "3gp", "ts", "mts"]
}
