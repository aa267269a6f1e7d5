import Foundation
import Testing
import TestSupport

@Suite struct EvalDepthCommandTests {
    let scenes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenes")

    @Test func evaluatesOneSceneIntoATableAndJSON() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eval-depth-\(UUID().uuidString)")
        let sceneFolder = folder.appendingPathComponent("scenes")
        try FileManager.default.createDirectory(at: sceneFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: scenes.appendingPathComponent("bedroom.json"), to: sceneFolder.appendingPathComponent("bedroom.json"))
        let json = folder.appendingPathComponent("report.json")
        let outcome = try Executable.run("packsfm", ["eval-depth", "--scenes", sceneFolder.path, "--frames", "4", "--json", json.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let text = outcome.standardOutput
        #expect(text.contains("depth (256x192, weights shipped, refinement none"))
        for row in ["bedroom      median", "bedroom      none", "bedroom      constant", "mean         median"] {
            #expect(text.contains(row), "no row '\(row)' in\n\(text)")
        }
        #expect(text.contains("AbsRel, median-scaled <= 0.12"))
        #expect(text.contains("ATE % of path <= 5.0"))
        #expect(text.contains("aligned ATE % of path (what reconstruct chains) <= 5.0"))
        #expect(outcome.standardError.contains("8/8 frames"))

        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        let results = report["scenes"] as! [[String: Any]]
        #expect(results.count == 1 && results[0]["scene"] as? String == "bedroom" && results[0]["frameCount"] as? Int == 4)
        let scaled = results[0]["medianScaled"] as! [String: Any]
        let absRel = scaled["absRel"] as! Double, delta1 = scaled["delta1"] as! Double
        #expect(absRel > 0 && absRel < 1 && delta1 >= 0 && delta1 <= 1)
        #expect((results[0]["snippets"] as! [Any]).count == 1 && (results[0]["refinedSnippets"] as! [Any]).count == 1)
        #expect(results[0]["refinedAtePercentOfPath"] is Double)
        #expect(results[0]["networkRotationAtePercentOfPath"] is Double && results[0]["networkTranslationAtePercentOfPath"] is Double)
        #expect(text.contains("aligned ATE %") && text.contains("rot only  trans only"))
        #expect((report["targets"] as! [Any]).count == 5)
    }

    @Test func aFolderWithoutScenesIsExplained() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("eval-depth-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let outcome = try Executable.run("packsfm", ["eval-depth", "--scenes", empty.path])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("--scenes \(empty.path): no scene files (*.json) in the folder"))
        let missing = try Executable.run("packsfm", ["eval-depth", "--scenes", "/nonexistent/scenes"])
        #expect(missing.standardError.contains("--scenes /nonexistent/scenes: no such folder"))
        let frames = try Executable.run("packsfm", ["eval-depth", "--frames", "2"])
        #expect(frames.status != 0 && frames.standardError.contains("--frames must be at least 3; got 2"))
    }
}
