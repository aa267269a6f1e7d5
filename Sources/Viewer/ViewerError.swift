import Foundation

/// Why the viewer could not start or load a reconstruction.
public enum ViewerError: Error, CustomStringConvertible, Equatable {
    /// No display server to open a window on.
    case noDisplay(String)
    /// A file of the reconstruction folder is missing.
    case missingFile(URL)
    /// A file exists but cannot be used.
    case unreadableFile(URL, reason: String)
    /// The GL driver refused something.
    case graphics(String)
    /// A command-line value is out of range.
    case invalidValue(String)

    public var description: String {
        switch self {
        case .noDisplay(let reason):
            return """
            cannot open a window: no display (\(reason)).
            Run it under a virtual display, e.g. `xvfb-run -a packsfm view DIR`, \
            or render an image without a screen: `xvfb-run -a packsfm view DIR --screenshot out.png`.
            """
        case .missingFile(let url): return "\(url.path): file not found"
        case .unreadableFile(let url, let reason): return "\(url.path): \(reason)"
        case .graphics(let message): return "OpenGL: \(message)"
        case .invalidValue(let message): return message
        }
    }
}
