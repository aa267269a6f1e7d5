import Foundation

/// Why a reconstruction could not start or go on; `description` names the file or value.
public enum ReconstructionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The output folder exists and is not empty.
    case outputNotEmpty(path: String)
    /// The input has too few frames.
    case tooFewFrames(sequence: String, count: Int)
    /// Ground-truth depth and poses were asked for but a frame lacks them.
    case missingGroundTruth(image: String, what: String)
    /// A folder could not be created.
    case cannotCreate(path: String, reason: String)

    public var description: String {
        switch self {
        case .outputNotEmpty(let path):
            "\(path): the output folder exists and is not empty (choose a new folder or empty it)"
        case let .tooFewFrames(sequence, count):
            "\(sequence): \(count) frame\(count == 1 ? "" : "s") selected, but a reconstruction needs at least 2"
        case let .missingGroundTruth(image, what):
            "\(image): no ground-truth \(what) for this frame (--ground-truth needs a TUM folder with depth and groundtruth.txt)"
        case let .cannotCreate(path, reason):
            "\(path): cannot create the folder: \(reason)"
        }
    }
}
