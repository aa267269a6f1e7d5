import Foundation
import Testing
@testable import Sequences

/// The folder of hand-written evaluation scenes at the package root.
let scenesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Scenes")

@Suite struct SceneFileTests {
    /// Writes `text` to a fresh temporary file called `name` and returns its URL.
    func temporaryFile(_ text: String, name: String = "bad.json") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scene-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// The living room's JSON text with `edit` applied to its parsed object.
    func editedLivingRoom(_ edit: (inout [String: Any]) -> Void) throws -> String {
        let data = try Data(contentsOf: scenesFolder.appendingPathComponent("living_room.json"))
        var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        edit(&object)
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    func loadError(_ text: String) throws -> String {
        let url = try temporaryFile(text)
        do { _ = try Scene.load(url) } catch let error as SceneError { return error.description }
        Issue.record("expected a SceneError")
        return ""
    }

    @Test(arguments: ["living_room", "kitchen", "bedroom", "office"])
    func evaluationScenesLoad(name: String) throws {
        let scene = try Scene.load(scenesFolder.appendingPathComponent("\(name).json"))
        #expect(scene.name == name)
        #expect(scene.minimumClearance().distance >= Scene.requiredClearance)
        #expect(scene.furniture.count >= 8)
    }

    @Test func jsonRoundTripIsExact() throws {
        for scene in [try Scene.load(scenesFolder.appendingPathComponent("office.json")), RoomGenerator(seed: 5).room(3)] {
            let decoded = try JSONDecoder().decode(Scene.self, from: try scene.jsonData())
            #expect(decoded == scene)
            #expect(try decoded.jsonData() == scene.jsonData())
        }
    }

    @Test func unknownMaterialNamesTheFurnitureAndTheKnownMaterials() throws {
        let message = try loadError(try editedLivingRoom { object in
            var furniture = object["furniture"] as! [[String: Any]]
            furniture[3]["material"] = "marbel"
            object["furniture"] = furniture
        })
        #expect(message.hasPrefix("bad.json: furniture[3].material: unknown material \"marbel\" (known: armchair, ceiling, door"))
    }

    @Test func missingKeyNamesItsPath() throws {
        let message = try loadError(try editedLivingRoom { object in
            var room = object["room"] as! [String: Any]
            room["height"] = nil
            object["room"] = room
        })
        #expect(message == "bad.json: room: missing key \"height\"")
    }

    @Test func wrongTypeNamesItsPath() throws {
        let message = try loadError(try editedLivingRoom { $0["fps"] = "ten" })
        #expect(message.hasPrefix("bad.json: fps: expected a number"))
    }

    @Test func unknownPatternNamesTheMaterial() throws {
        let message = try loadError(try editedLivingRoom { object in
            var materials = object["materials"] as! [String: Any]
            var oak = materials["oak"] as! [String: Any]
            oak["pattern"] = "marble"
            materials["oak"] = oak
            object["materials"] = materials
        })
        #expect(message.hasPrefix("bad.json: materials.oak.pattern: "))
        #expect(message.contains("marble"))
    }

    @Test func malformedJSONSaysSo() throws {
        #expect(try loadError("{ \"name\": ").hasPrefix("bad.json: not valid JSON"))
    }

    @Test func missingFileSaysSo() {
        let url = URL(fileURLWithPath: "/nonexistent/nowhere.json")
        #expect(throws: SceneError.self) { try Scene.load(url) }
        do { _ = try Scene.load(url) } catch { #expect("\(error)".hasPrefix("nowhere.json: cannot read the file")) }
    }

    @Test func speedOutOfRangeIsRejected() throws {
        let message = try loadError(try editedLivingRoom { object in
            var camera = object["camera"] as! [String: Any]
            camera["speed"] = 1.5
            object["camera"] = camera
        })
        #expect(message == "bad.json: camera.speed: must lie in 0.2–0.6 m/s, got 1.5")
    }

    @Test func pathThroughFurnitureIsRejected() throws {
        let message = try loadError(try editedLivingRoom { object in
            var camera = object["camera"] as! [String: Any]
            camera["waypoints"] = [[0.9, 3.9], [2.5, 2.0], [3.5, 2.0]]
            object["camera"] = camera
        })
        #expect(message.hasPrefix("bad.json: camera.waypoints: the camera path comes within"))
        #expect(message.hasSuffix("keep 0.3 m"))
    }

    @Test func furnitureOutsideTheRoomIsRejected() throws {
        let message = try loadError(try editedLivingRoom { object in
            var furniture = object["furniture"] as! [[String: Any]]
            furniture[0]["center"] = [5.4, 2.25]
            object["furniture"] = furniture
        })
        #expect(message == "bad.json: furniture[0]: \"sofa\" extends outside the 5.5 × 4.5 × 2.7 m room")
    }

    @Test func cylinderNeedsEqualDiameters() throws {
        let message = try loadError(try editedLivingRoom { object in
            var furniture = object["furniture"] as! [[String: Any]]
            furniture[7]["size"] = [0.35, 0.5, 1.6]
            object["furniture"] = furniture
        })
        #expect(message.hasPrefix("bad.json: furniture[7].size: \"floor lamp\": a cylinder's size is [diameter, diameter, height]"))
    }

    @Test func openingMustFitItsWall() throws {
        let message = try loadError(try editedLivingRoom { object in
            var room = object["room"] as! [String: Any]
            var openings = room["openings"] as! [[String: Any]]
            openings[0]["center"] = 5.3
            room["openings"] = openings
            object["room"] = room
        })
        #expect(message == "bad.json: room.openings[0]: does not fit in the south wall (5.5 m long, 2.7 m high)")
    }
}

extension SceneFileTests {
    @Test func lightInsideFurnitureIsRejected() throws {
        let message = try loadError(try editedLivingRoom { object in
            var lights = object["lights"] as! [String: Any]
            var points = lights["points"] as! [[String: Any]]
            points[1]["position"] = [0.35, 3.65, 1.0]
            lights["points"] = points
            object["lights"] = lights
        })
        #expect(message == "bad.json: lights.points[1].position: is inside furniture[7] \"floor lamp\"")
    }
}
