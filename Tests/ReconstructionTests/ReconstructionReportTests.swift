import Foundation
import Geometry
import Reconstruction
import Testing

@Suite struct ReconstructionReportTests {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    var report: ReconstructionReport {
        let mask = RejectionMask(width: 3, height: 1, verdicts: [.verified, .unverified, .occluded], keepsUnverified: true)
        let intrinsics = Intrinsics(fx: 200, fy: 200, cx: 127.5, cy: 95.5, width: 256, height: 192)
        return ReconstructionReport(
            inputs: .init(source: "room.mp4", weights: nil, frameCount: 1),
            settings: .init(checker: ConsistencyChecker(intrinsics: intrinsics), voxelSize: 0.02, minimumObservations: 2,
                            neighbourOffsets: [-1, 1]),
            intrinsics: intrinsics, timings: [.init(stage: "fusion", seconds: 0.5)],
            frames: [.init(timestamp: 1.25, mask: mask, meanError: 0.1)],
            cloud: .init(pointCount: 10, voxelCount: 12, fusedPixelCount: 2))
    }

    /// `json` decoded as `type` (a summary as an older report wrote it).
    static func decoded<T: Decodable>(_ json: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    /// `value` encoded and decoded again.
    static func roundTripped<T: Codable>(_ value: T) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
    }

    @Test func reportsRoundTripThroughJSON() throws {
        let url = folder.appendingPathComponent("report.json")
        try report.write(to: url)
        #expect(try ReconstructionReport.read(url) == report)
        let frame = report.frames[0]
        #expect(frame.kept == 2 && frame.verified == 1 && frame.unverified == 1 && frame.occluded == 1 && frame.inconsistent == 0)
        #expect(report.settings.flyingPixelThreshold == 0.08 && report.settings.keepsUnverified)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("\"voxelSize\" : 0.02"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
    }

    /// Reports written before pose refinement had a window aligned against one frame, and those
    /// written before implausible steps were realigned realigned none; both still open.
    @Test func poseRefinementSummariesWithoutAWindowDecodeAsOneFrame() throws {
        let old = #"{"pairs": 3, "accepted": 2, "meanCostBefore": 0.5, "meanCostAfter": 0.25}"#
        let summary = try Self.decoded(old, as: RunSummary.PoseRefinement.self)
        #expect(summary.window == 1 && summary.pairs == 3 && summary.accepted == 2 && summary.meanCostAfter == 0.25)
        #expect(summary.implausibleSteps == 0)
        var current = RunSummary.PoseRefinement(window: 3)
        current.pairs = 1
        current.implausibleSteps = 1
        #expect(try Self.roundTripped(current) == current)
    }

    /// Reports written before stereo spread its corrections still open, with nothing spread.
    @Test func stereoSummariesWithoutSpreadPixelsDecodeAsNoneSpread() throws {
        let old = #"{"hypotheses": 16, "frames": 2, "sources": 6, "matchedPixels": 40, "pixelsWithDepth": 100, "meanCost": 0.1}"#
        let summary = try Self.decoded(old, as: RunSummary.Stereo.self)
        #expect(summary.hypotheses == 16 && summary.frames == 2 && summary.matchedPixels == 40 && summary.spreadPixels == 0)
        var current = RunSummary.Stereo(hypotheses: 8)
        current.spreadPixels = 7
        #expect(try Self.roundTripped(current) == current)
    }

    /// Reports written before the bundle adjustment held anchors still open, with none.
    @Test func bundleSummariesWithoutAnchorsDecodeAsNoAnchors() throws {
        let old = #"{"window": 8, "frames": 3, "acceptedSteps": 5, "networkStarts": 1, "meanPoints": 280, "meanCostBefore": 2, "meanCostAfter": 1}"#
        let summary = try Self.decoded(old, as: RunSummary.BundleAdjustment.self)
        #expect(summary.window == 8 && summary.anchors.isEmpty && summary.frames == 3 && summary.networkStarts == 1 && summary.meanCostAfter == 1)
        var current = RunSummary.BundleAdjustment(window: 12, anchors: [8, 16])
        current.acceptedSteps = 4
        #expect(try Self.roundTripped(current) == current)
    }

    @Test func badReportsNameTheFileAndTheProblem() throws {
        let url = folder.appendingPathComponent("report.json")
        try Data("{\"inputs\": {}}".utf8).write(to: url)
        do { _ = try ReconstructionReport.read(url); Issue.record("no error") } catch {
            #expect("\(error)" == "\(url.path): missing key 'source' at '.inputs'")
        }
        try Data("not json".utf8).write(to: url)
        do { _ = try ReconstructionReport.read(url); Issue.record("no error") } catch {
            #expect("\(error)".hasPrefix("\(url.path): not valid report JSON"))
        }
        let missing = folder.appendingPathComponent("none.json")
        do { _ = try ReconstructionReport.read(missing); Issue.record("no error") } catch {
            #expect("\(error)".hasPrefix("\(missing.path): cannot read"))
        }
        let unwritable = folder.appendingPathComponent("no-folder/report.json")
        do { try report.write(to: unwritable); Issue.record("no error") } catch {
            #expect("\(error)".hasPrefix("\(unwritable.path): cannot write"))
        }
    }
}
