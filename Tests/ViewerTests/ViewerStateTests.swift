import Foundation
import Geometry
import Testing
@testable import Viewer

/// Input handling as plain data: events in, camera and settings out, no window involved.
@Suite struct ViewerStateTests {
    static func makeState() -> ViewerState {
        SyntheticReconstruction().scene.initialState()
    }

    static func drag(_ state: inout ViewerState, by delta: SIMD2<Double>, button: MouseButton = .left) {
        state.handle(.cursorMoved(x: 100, y: 100))
        state.handle(.mouseButton(button, pressed: true))
        state.handle(.cursorMoved(x: 100 + delta.x, y: 100 + delta.y))
        state.handle(.mouseButton(button, pressed: false))
    }

    @Test func draggingRightInFlyModeTurnsTheViewRight() {
        var state = Self.makeState()
        state.handle(.key(.o, pressed: true))
        #expect(state.navigation == .fly)
        let before = state.camera
        Self.drag(&state, by: [50, 0])
        #expect(dot(state.camera.forward, before.right) > 0.1)
        #expect(state.camera.position == before.position)
    }

    @Test func draggingUpLooksUp() {
        var state = Self.makeState()
        state.handle(.key(.o, pressed: true))
        let before = state.camera
        Self.drag(&state, by: [0, -50])
        #expect(dot(state.camera.forward, state.up) > dot(before.forward, state.up) + 0.1)
    }

    @Test func movingTheCursorWithoutAButtonChangesNothing() {
        var state = Self.makeState()
        let revision = state.sceneRevision
        state.handle(.cursorMoved(x: 10, y: 10))
        state.handle(.cursorMoved(x: 300, y: 200))
        #expect(state.camera == state.home && state.sceneRevision == revision)
    }

    @Test func heldKeysFlyAtTheFlySpeedAndShiftIsFaster() {
        var state = Self.makeState()
        let start = state.camera.position, forward = state.camera.forward
        state.handle(.key(.w, pressed: true))
        #expect(state.isAnimating)
        state.update(seconds: 0.5)
        #expect(state.navigation == .fly)
        #expect(abs(dot(state.camera.position - start, forward) - 0.5 * state.flySpeed) < 1e-9)
        state.handle(.key(.leftShift, pressed: true))
        let middle = state.camera.position
        state.update(seconds: 0.5)
        #expect(abs(length(state.camera.position - middle) - 2 * state.flySpeed) < 1e-9)
        state.handle(.key(.w, pressed: false))
        let end = state.camera.position
        state.update(seconds: 1)
        #expect(state.camera.position == end && !state.isAnimating)
    }

    @Test func theWheelChangesFlySpeedInFlyModeAndZoomsInOrbitMode() {
        var state = Self.makeState()
        let distance = length(state.camera.position - state.orbitTarget)
        state.handle(.scrolled(offset: 1))
        #expect(abs(length(state.camera.position - state.orbitTarget) - distance * 0.85) < 1e-9)
        state.handle(.key(.o, pressed: true))
        let speed = state.flySpeed
        state.handle(.scrolled(offset: 2))
        #expect(abs(state.flySpeed - speed * 1.44) < 1e-9)
    }

    @Test func orbitingKeepsTheDistanceToTheTarget() {
        var state = Self.makeState()
        let distance = length(state.camera.position - state.orbitTarget)
        Self.drag(&state, by: [120, -40])
        #expect(abs(length(state.camera.position - state.orbitTarget) - distance) < 1e-9)
        #expect(length(state.camera.position - state.home.position) > 0.1)
        // The target stays in the middle of the view.
        let toTarget = normalize(state.orbitTarget - state.camera.position)
        #expect(dot(toTarget, state.camera.forward) > 0.999999)
    }

    @Test func resetReturnsHome() {
        var state = Self.makeState()
        Self.drag(&state, by: [80, 30])
        state.handle(.key(.r, pressed: true))
        #expect(state.camera == state.home && state.navigation == .orbit)
    }

    @Test func arrowsScrubFramesWithinTheTrajectory() {
        var state = Self.makeState()
        state.handle(.key(.right, pressed: true))
        state.handle(.key(.right, pressed: true))
        #expect(state.frameIndex == 2)
        state.handle(.key(.right, pressed: true))
        #expect(state.frameIndex == 2)
        state.handle(.key(.down, pressed: true))
        #expect(state.frameIndex == 0)
        state.handle(.key(.left, pressed: true))
        #expect(state.frameIndex == 0)
    }

    @Test func spacePlaysAtThePlaybackRateAndWraps() {
        var state = Self.makeState()
        state.handle(.key(.space, pressed: true))
        #expect(state.playing)
        state.update(seconds: 0.25)   // 2.5 frames at 10 fps
        #expect(state.frameIndex == 2)
        state.update(seconds: 0.06)   // with the half frame left over, a third step
        #expect(state.frameIndex == 0)
        state.handle(.key(.space, pressed: true))
        state.update(seconds: 1)
        #expect(state.frameIndex == 0 && !state.playing)
    }

    @Test func lookThroughSnapsToTheFrameWithItsFieldOfView() {
        let scene = SyntheticReconstruction().scene
        var state = scene.initialState()
        state.handle(.key(.right, pressed: true))
        state.handle(.key(.g, pressed: true))
        #expect(state.camera.worldFromCamera == scene.frames[1].worldFromCamera)
        #expect(abs(state.camera.verticalFieldOfView - 2 * atan(24.0 / 40)) < 1e-12)
        #expect(state.navigation == .fly)
    }

    @Test func followModeRidesAlongTheTrajectory() {
        let scene = SyntheticReconstruction().scene
        var state = scene.initialState()
        state.handle(.key(.f, pressed: true))
        #expect(state.navigation == .follow && state.playing)
        #expect(state.camera.worldFromCamera == scene.frames[0].worldFromCamera)
        state.update(seconds: 0.1)
        #expect(state.frameIndex == 1 && state.camera.worldFromCamera == scene.frames[1].worldFromCamera)
        // Between frames the view glides: halfway there at half the frame interval.
        state.update(seconds: 0.05)
        #expect(state.frameIndex == 1)
        let midpoint = (scene.frames[1].worldFromCamera.translation + scene.frames[2].worldFromCamera.translation) / 2
        #expect(length(state.camera.position - midpoint) < 1e-9)
        let turn = dot(state.camera.forward, scene.frameCameras[1].forward)
        #expect(turn < 0.99999 && dot(state.camera.forward, scene.frameCameras[2].forward) > 0.99)
        // Flying takes over.
        state.handle(.key(.d, pressed: true))
        state.update(seconds: 0.1)
        #expect(state.navigation == .fly && !state.playing)
    }

    @Test func toggleKeysChangeDrawingSettings() {
        var state = Self.makeState()
        let revision = state.sceneRevision
        state.handle(.key(.c, pressed: true))
        #expect(state.colorMode == .depth && state.sceneRevision > revision)
        state.handle(.key(.l, pressed: true))
        #expect(state.eyeDomeLighting)
        state.handle(.key(.m, pressed: true))
        #expect(state.showMaskPoints)
        #expect(state.showNavmap)
        let beforeNavmap = state.sceneRevision
        state.handle(.key(.n, pressed: true))
        #expect(!state.showNavmap && state.sceneRevision == beforeNavmap, "the navmap is drawn over the retained 3D image")
        state.handle(.key(.n, pressed: true))
        #expect(state.showNavmap)
        state.handle(.key(.one, pressed: true))
        state.handle(.key(.four, pressed: true))
        #expect(state.panels == [.rgb, .mask])
        state.handle(.key(.one, pressed: true))
        #expect(state.panels == [.mask])
    }

    @Test func everyLetterKeyIsInTheHelp() {
        let words = Set(ViewerState.help.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        for key in Key.allCases where key.rawValue.count == 1 {
            #expect(words.contains(key.rawValue.uppercased()), "\(key) is missing from the help")
        }
        #expect(ViewerState.help.contains("N               navmap"))
    }

    @Test func oneShotKeysBecomeRequests() {
        var state = Self.makeState()
        for key in [Key.p, .h, .escape] { state.handle(.key(key, pressed: true)) }
        #expect(state.requests == [.screenshot, .printHelp, .quit])
        #expect(state.showHelp)
    }
}
