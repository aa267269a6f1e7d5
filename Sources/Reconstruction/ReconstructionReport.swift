import Foundation
import Geometry

/// The `report.json` of a reconstruction folder: what went in, with which settings, how long each
/// stage took, and what happened to every frame's pixels.
public struct ReconstructionReport: Codable, Equatable, Sendable {
    /// What was reconstructed.
    public struct Inputs: Codable, Equatable, Sendable {
        /// The input sequence (folder, video or TUM recording), as given.
        public var source: String
        /// The weights file, or `nil` for the embedded default model.
        public var weights: String?
        /// Number of frames used.
        public var frameCount: Int

        /// Inputs from their parts.
        public init(source: String, weights: String?, frameCount: Int) {
            self.source = source; self.weights = weights; self.frameCount = frameCount
        }
    }

    /// The fusion and masking settings.
    public struct Settings: Codable, Equatable, Sendable {
        /// Voxel edge length, metres.
        public var voxelSize: Float
        /// Distinct frames a voxel needs to enter the cloud.
        public var minimumObservations: Int
        /// Relative depth tolerance of the multi-view consistency check.
        public var consistencyThreshold: Float
        /// Relative depth jump that marks a flying pixel, or `nil` when that filter was off.
        public var flyingPixelThreshold: Float?
        /// Whether pixels that no neighbour frame could check were fused.
        public var keepsUnverified: Bool
        /// Frame offsets of the neighbours each frame was checked against (e.g. `[-2, -1, 1, 2]`).
        public var neighbourOffsets: [Int]

        /// Settings from their parts.
        public init(voxelSize: Float, minimumObservations: Int, consistencyThreshold: Float,
                    flyingPixelThreshold: Float?, keepsUnverified: Bool, neighbourOffsets: [Int]) {
            self.voxelSize = voxelSize; self.minimumObservations = minimumObservations
            self.consistencyThreshold = consistencyThreshold; self.flyingPixelThreshold = flyingPixelThreshold
            self.keepsUnverified = keepsUnverified; self.neighbourOffsets = neighbourOffsets
        }

        /// The settings of `checker` with those of fusion.
        public init(checker: ConsistencyChecker, voxelSize: Float, minimumObservations: Int, neighbourOffsets: [Int]) {
            self.init(voxelSize: voxelSize, minimumObservations: minimumObservations,
                      consistencyThreshold: checker.relativeThreshold,
                      flyingPixelThreshold: checker.flyingPixels?.relativeThreshold,
                      keepsUnverified: checker.keepsUnverified, neighbourOffsets: neighbourOffsets)
        }
    }

    /// Wall-clock time of one stage.
    public struct Timing: Codable, Equatable, Sendable {
        /// The stage ("depth", "pose", "masks", "fusion", "write").
        public var stage: String
        /// Seconds spent.
        public var seconds: Double

        /// A timing from its parts.
        public init(stage: String, seconds: Double) { self.stage = stage; self.seconds = seconds }
    }

    /// Pixel counts of one frame by verdict.
    public struct FrameStatistics: Codable, Equatable, Sendable {
        /// The frame's timestamp (seconds).
        public var timestamp: Double
        /// Pixels fused.
        public var kept: Int
        /// Pixels with each verdict (`verified` and `unverified` include kept pixels).
        public var verified: Int, unverified: Int, invalidDepth: Int, flyingPixel: Int, occluded: Int, inconsistent: Int
        /// Mean per-pixel error of the frame, when computed.
        public var meanError: Double?
        /// Pixels no neighbour frame sees photometrically (rejected before the consistency check,
        /// so they are also counted in `invalidDepth`), when error maps were computed.
        public var outOfView: Int?

        /// The statistics of `mask`.
        public init(timestamp: Double, mask: RejectionMask, meanError: Double? = nil) {
            let counts = mask.counts
            self.timestamp = timestamp
            kept = mask.keptCount
            verified = counts[.verified] ?? 0
            unverified = counts[.unverified] ?? 0
            invalidDepth = counts[.invalidDepth] ?? 0
            flyingPixel = counts[.flyingPixel] ?? 0
            occluded = counts[.occluded] ?? 0
            inconsistent = counts[.inconsistent] ?? 0
            self.meanError = meanError
        }
    }

    /// Size of the result.
    public struct CloudSummary: Codable, Equatable, Sendable {
        /// Points written to `cloud.ply`.
        public var pointCount: Int
        /// Voxels occupied before the minimum-observation filter.
        public var voxelCount: Int
        /// Pixels merged into voxels.
        public var fusedPixelCount: Int

        /// A summary from its parts.
        public init(pointCount: Int, voxelCount: Int, fusedPixelCount: Int) {
            self.pointCount = pointCount; self.voxelCount = voxelCount; self.fusedPixelCount = fusedPixelCount
        }
    }

    /// What was reconstructed.
    public var inputs: Inputs
    /// The fusion and masking settings.
    public var settings: Settings
    /// The camera the frames were processed with (network resolution).
    public var intrinsics: Intrinsics
    /// Stage timings in the order the stages ran.
    public var timings: [Timing]
    /// Statistics of each used frame, in order.
    public var frames: [FrameStatistics]
    /// Size of the fused cloud.
    public var cloud: CloudSummary
    /// How the run went beyond the fusion settings (frame selection, scale, depth source,
    /// adaptation, interruption); `nil` in reports of fusion alone.
    public var run: RunSummary?

    /// A report from its parts.
    public init(inputs: Inputs, settings: Settings, intrinsics: Intrinsics, timings: [Timing],
                frames: [FrameStatistics], cloud: CloudSummary, run: RunSummary? = nil) {
        self.inputs = inputs; self.settings = settings; self.intrinsics = intrinsics
        self.timings = timings; self.frames = frames; self.cloud = cloud; self.run = run
    }

    /// Writes the report as pretty-printed JSON with sorted keys to `url`, through a temporary
    /// file that is renamed into place.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        do {
            try encoder.encode(self).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw ReconstructionReportError(path: url.path, problem: "cannot rename the temporary file into place: \(String(cString: strerror(errno)))")
            }
        } catch let error as ReconstructionReportError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReconstructionReportError(path: url.path, problem: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads the report at `url`.
    public static func read(_ url: URL) throws -> ReconstructionReport {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReconstructionReportError(path: url.path, problem: "cannot read: \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(ReconstructionReport.self, from: data) } catch let error as DecodingError {
            throw ReconstructionReportError(path: url.path, problem: Self.explain(error))
        }
    }

    /// A one-line account of a decoding failure, naming the JSON path.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case let .keyNotFound(key, context): return "missing key '\(key.stringValue)' at '\(path(context))'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            let location = path(context)
            return location.isEmpty ? "not valid report JSON (\(context.debugDescription))"
                : "bad value at '\(location)': \(context.debugDescription)"
        @unknown default: return "not a valid report"
        }
    }
}

/// Why `report.json` could not be read or written; `description` names the file.
public struct ReconstructionReportError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file.
    public let path: String
    /// What is wrong.
    public let problem: String

    public var description: String { "\(path): \(problem)" }
}
