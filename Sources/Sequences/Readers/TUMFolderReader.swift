import Foundation
import Geometry

/// Reads a TUM RGB-D dataset folder: `rgb.txt` lists the colour frames; `depth.txt` and
/// `groundtruth.txt`, when present, are associated to them by nearest timestamp within
/// ``TimestampAssociation/defaultTolerance`` (frames without a match keep `nil`).
/// Depth PNGs hold metres × 5000.
enum TUMFolderReader {
    /// The files that make a folder a TUM folder (any one of them).
    static let listFiles = ["rgb.txt", "depth.txt", "groundtruth.txt"]

    /// Whether `folder` holds any of the TUM list files.
    static func looksLikeTUM(_ folder: URL) -> Bool {
        listFiles.contains { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    static func read(_ folder: URL, options: ReaderOptions) throws -> SequenceReader.Opened {
        let rgbList = folder.appendingPathComponent("rgb.txt")
        let rgb = try TUMFileList(contentsOf: rgbList,
                                  needed: "a TUM RGB-D folder lists its colour images there ('timestamp filename' per line)")
        let kept = options.keptIndices(of: rgb.entries.count).map { rgb.entries[$0] }
            .sorted { ($0.timestamp, $0.line) < ($1.timestamp, $1.line) }
        guard !kept.isEmpty else { throw SequenceReaderError.noFrames(rgbList) }
        let images = try kept.map { try existingFile($0, listedIn: rgbList, folder: folder) }
        let timestamps = kept.map(\.timestamp)

        var depths = [URL?](repeating: nil, count: kept.count)
        let depthList = folder.appendingPathComponent("depth.txt")
        if FileManager.default.fileExists(atPath: depthList.path) {
            let depth = try TUMFileList(contentsOf: depthList, needed: "it lists the depth images")
            let matches = TimestampAssociation.nearest(timestamps, in: depth.entries.map(\.timestamp))
            for (index, match) in matches.enumerated() {
                if let match { depths[index] = try existingFile(depth.entries[match], listedIn: depthList, folder: folder) }
            }
        }

        var poses = [RigidTransform?](repeating: nil, count: kept.count)
        let groundTruth = folder.appendingPathComponent("groundtruth.txt")
        if FileManager.default.fileExists(atPath: groundTruth.path) {
            let trajectory = try TUMTrajectory.read(groundTruth)
            let matches = TimestampAssociation.nearest(timestamps, in: trajectory.map(\.timestamp))
            for (index, match) in matches.enumerated() {
                if let match { poses[index] = trajectory[match].worldFromCamera }
            }
        }

        let size = try PNGHeader(contentsOf: images[0])
        let camera = TUMCalibration.camera(forFolderNamed: folder.lastPathComponent).map {
            (name: $0.name, intrinsics: Intrinsics(fx: $0.fx, fy: $0.fy, cx: $0.cx, cy: $0.cy, width: 640, height: 480))
        }
        let choice = try CameraChoice.choose(
            options: options, folder: folder, calibration: camera, width: size.width, height: size.height, input: folder,
            advice: "add \(folder.appendingPathComponent(IntrinsicsFile.name).path) with one line 'fx fy cx cy' "
                + "or pass --intrinsics (or --fov); the published TUM calibrations are used only for folders named "
                + "after freiburg1, freiburg2 or freiburg3")
        let frames = kept.indices.map {
            Frame(timestamp: timestamps[$0], image: images[$0], depth: depths[$0], worldFromCamera: poses[$0])
        }
        return SequenceReader.Opened(kind: .tum,
                                     sequence: FrameSequence(name: folder.lastPathComponent, intrinsics: choice.intrinsics,
                                                             frames: frames, depthScale: 5000),
                                     notes: choice.note.map { [$0] } ?? [])
    }

    /// The file an entry names, relative to `folder`; an error naming the list and line if it is missing.
    private static func existingFile(_ entry: TUMFileList.Entry, listedIn list: URL, folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(entry.path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw SequenceReaderError.missingImage(listedIn: list, line: entry.line, image: url)
        }
        return url
    }
}
