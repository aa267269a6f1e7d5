import Foundation
import Testing
@testable import Sequences

@Suite struct RoomGeneratorTests {
    @Test func sameSeedAndIndexGiveTheSameRoom() throws {
        let first = RoomGenerator(seed: 11).room(4), second = RoomGenerator(seed: 11).room(4)
        #expect(first == second)
        #expect(try first.jsonData() == second.jsonData())
    }

    @Test func seedsAndIndicesGiveDifferentRooms() {
        let rooms = [RoomGenerator(seed: 11).room(0), RoomGenerator(seed: 11).room(1), RoomGenerator(seed: 12).room(0)]
        #expect(rooms[0] != rooms[1])
        #expect(rooms[0] != rooms[2])
        #expect(Set(rooms.map(\.room.width)).count == 3)
    }

    @Test(arguments: 0..<24)
    func roomsAreValidAndTheWalkKeepsClear(index: Int) throws {
        let scene = RoomGenerator(seed: 2026).room(index)
        try scene.validate(file: scene.name)
        #expect((3...7).contains(scene.room.width) && (3...7).contains(scene.room.depth))
        #expect(scene.minimumClearance().distance >= Scene.requiredClearance)
        // Independently of minimumClearance: every rendered pose keeps clear of every piece.
        let geometries = scene.furniture.map(FurnitureGeometry.init)
        for pose in scene.cameraPoses(frameCount: 300, fps: 10) {
            let position = pose.worldFromCamera.translation
            #expect(geometries.allSatisfy { $0.distance(to: position) >= 0.3 })
            #expect(position.x >= 0.3 && position.x <= scene.room.width - 0.3)
            #expect(position.y >= 0.3 && position.y <= scene.room.depth - 0.3)
            #expect((1.2...1.7).contains(position.z))
        }
    }

    @Test func roomsHaveVariedContent() {
        let rooms = (0..<30).map { RoomGenerator(seed: 1).room($0) }
        let patterns = Set(rooms.flatMap { $0.materials.values.map(\.pattern) })
        #expect(patterns == Set(Material.Pattern.allCases))
        #expect(rooms.allSatisfy { !$0.furniture.isEmpty }, "\(rooms.filter { $0.furniture.isEmpty }.map(\.name))")
        #expect(rooms.allSatisfy { $0.room.openings.contains { $0.kind == .door } })
    }
}
