import Foundation

/// A camera pose at a moment of a sequence.
public struct TimedPose: Equatable, Sendable {
    /// Seconds (the input's clock).
    public var timestamp: Double
    /// Maps camera coordinates (x right, y down, z forward) to world coordinates.
    public var worldFromCamera: RigidTransform

    /// A pose from its parts.
    public init(timestamp: Double, worldFromCamera: RigidTransform) {
        self.timestamp = timestamp
        self.worldFromCamera = worldFromCamera
    }
}

/// A trajectory file that could not be read or written.
public struct TUMTrajectoryError: Error, CustomStringConvertible, Equatable {
    /// The file's path (or the name given to ``TUMTrajectory/parse(_:file:)``).
    public let file: String
    /// The 1-based line the problem is on, when it is about one line.
    public let line: Int?
    /// What is wrong.
    public let problem: String

    /// An error about `file` (and `line`, if given).
    public init(file: String, line: Int? = nil, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    /// "file:line: problem", or "file: problem" when no line is involved.
    public var description: String { line.map { "\(file):\($0): \(problem)" } ?? "\(file): \(problem)" }
}

/// Trajectories in the TUM RGB-D format: one pose per line, `timestamp tx ty tz qx qy qz qw`,
/// camera-to-world, separated by spaces or tabs. Lines starting with `#` and blank lines are
/// skipped. Quaternions whose norm is within 1e-2 of 1 are normalised; others are an error.
public enum TUMTrajectory {
    /// The names of the eight fields, in order.
    static let fieldNames = ["timestamp", "tx", "ty", "tz", "qx", "qy", "qz", "qw"]

    /// Reads a trajectory file.
    public static func read(_ url: URL) throws -> [TimedPose] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw TUMTrajectoryError(file: url.path, problem: exists ? "cannot read" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TUMTrajectoryError(file: url.path, problem: "not a text file (invalid UTF-8)")
        }
        return try parse(text, file: url.path)
    }

    /// Parses trajectory text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> [TimedPose] {
        var poses: [TimedPose] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func failure(_ problem: String) -> TUMTrajectoryError {
                TUMTrajectoryError(file: file, line: index + 1, problem: problem)
            }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == fieldNames.count else {
                throw failure("expected 8 fields (timestamp tx ty tz qx qy qz qw), found \(fields.count)")
            }
            var numbers: [Double] = []
            for (field, name) in zip(fields, fieldNames) {
                guard let number = Double(field), number.isFinite else {
                    throw failure("\(name) '\(field)' is not a finite number")
                }
                numbers.append(number)
            }
            let quaternion = Quaternion(x: numbers[4], y: numbers[5], z: numbers[6], w: numbers[7])
            guard abs(quaternion.norm - 1) <= 1e-2 else {
                throw failure("quaternion (qx qy qz qw) has norm \(quaternion.norm), not 1")
            }
            poses.append(TimedPose(timestamp: numbers[0],
                                   worldFromCamera: RigidTransform(rotation: quaternion, translation: [numbers[1], numbers[2], numbers[3]])))
        }
        return poses
    }

    /// The file's text: a `#` header line, then one line per pose with the time to the
    /// microsecond (`%.6f`) and the other values to 9 significant digits (`%.9g`).
    public static func format(_ poses: [TimedPose]) -> String {
        var text = "# timestamp tx ty tz qx qy qz qw\n"
        for pose in poses {
            let t = pose.worldFromCamera.translation, q = pose.worldFromCamera.quaternion
            text += String(format: "%.6f", pose.timestamp)
            for value in [t.x, t.y, t.z, q.x, q.y, q.z, q.w] { text += String(format: " %.9g", value) }
            text += "\n"
        }
        return text
    }

    /// Writes a trajectory file under a temporary name in the same folder, then renames it into
    /// place, so a reader never sees a half-written file.
    public static func write(_ poses: [TimedPose], to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try Data(format(poses).utf8).write(to: temporary)
        } catch {
            throw TUMTrajectoryError(file: url.path, problem: "cannot create (folder \(folder.path) missing or not writable)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw TUMTrajectoryError(file: url.path, problem: "cannot create (\(reason))")
        }
    }
}
