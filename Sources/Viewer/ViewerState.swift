import Foundation
import Geometry

/// How mouse and keys move the view.
public enum NavigationMode: String, Sendable {
    /// Free flight: WASD / QE move, dragging looks around.
    case fly
    /// Dragging turns the view around a target point; the wheel zooms.
    case orbit
    /// The view rides along the trajectory, one frame after the other.
    case follow
}

/// The per-frame images that can be shown beside the 3D view (keys 1–4).
public enum Panel: Int, CaseIterable, Sendable {
    case rgb, depth, error, mask

    /// The caption drawn above the image.
    public var title: String {
        switch self {
        case .rgb: "RGB"
        case .depth: "DEPTH"
        case .error: "ERROR"
        case .mask: "MASK"
        }
    }
}

/// Something the state asks the application to do once.
public enum ViewerRequest: Equatable, Sendable {
    /// Save the current image as a PNG.
    case screenshot
    /// Print the key bindings.
    case printHelp
    /// Close the window.
    case quit
}

/// Everything the user can change, as plain data without GL: `handle(_:)` consumes input
/// events, `update(seconds:)` advances time. The application draws from it.
public struct ViewerState: Sendable {
    /// The camera the scene is drawn from.
    public var camera: ViewCamera
    /// The view `R` returns to.
    public var home: ViewCamera
    /// The current way of moving.
    public var navigation: NavigationMode = .orbit
    /// The point orbit mode turns around.
    public var orbitTarget: SIMD3<Double>
    /// The world's up direction (screen up in fly and orbit modes).
    public let up: SIMD3<Double>
    /// Fly speed in world units per second (Shift ×4; the wheel changes it in fly mode).
    public var flySpeed: Double
    /// The cameras of the reconstruction's frames, in trajectory order.
    public let frames: [ViewCamera]
    /// The highlighted frame (its panels and mask points are shown).
    public var frameIndex = 0
    /// Whether the current frame advances by itself.
    public var playing = false
    /// Playback rate in frames per second.
    public var playbackRate = 10.0
    /// How points are coloured.
    public var colorMode = ColorMode.rgb
    /// Whether eye-dome lighting shades the points.
    public var eyeDomeLighting = false
    /// The per-frame panels on screen.
    public var panels: Set<Panel> = []
    /// Whether the current frame's depth is shown in 3D, kept pixels green and rejected red.
    public var showMaskPoints = false
    /// Whether the navigation map (occupancy grid on the floor, planned path) is drawn, when the
    /// scene has one.
    public var showNavmap = true
    /// Whether the key bindings are drawn over the view.
    public var showHelp = false
    /// Increases whenever the 3D image must be drawn again (camera, colours, frame, toggles).
    public private(set) var sceneRevision = 0
    /// One-shot requests for the application, oldest first; it empties the list.
    public var requests: [ViewerRequest] = []

    private var keysHeld: Set<Key> = []
    private var buttonsHeld: Set<MouseButton> = []
    private var cursor: SIMD2<Double>?
    private var playbackClock = 0.0

    /// Radians of turn per screen unit of mouse travel.
    public static let mouseSensitivity = 0.004

    /// A state looking from `home`, orbiting `orbitTarget`, for a scene about `sceneRadius` across.
    public init(frames: [ViewCamera], home: ViewCamera, orbitTarget: SIMD3<Double>, up: SIMD3<Double>, sceneRadius: Double) {
        self.frames = frames
        self.home = home
        self.camera = home
        self.orbitTarget = orbitTarget
        self.up = normalize(up)
        self.flySpeed = max(sceneRadius, 1e-3) * 0.5
    }

    /// The key bindings, one per line.
    public static let help = """
    W A S D / Q E   fly forward, left, back, right / down, up (Shift: faster; wheel: speed)
    drag            look around (fly) or turn around the target (orbit); right-drag pans
    O               switch between fly and orbit      R  reset the view
    F               follow the trajectory             G  look through the current frame
    LEFT / RIGHT    previous / next frame (UP / DOWN: 10 frames)    SPACE  play / pause
    C               next colour mode (rgb, depth, error, observations)
    L               eye-dome lighting                 M  current frame's kept / rejected pixels in 3D
    N               navmap: occupancy grid on the floor and planned path (when DIR/navmap has them)
    1 2 3 4         RGB, depth, error, mask panels    P  screenshot    H  help    ESC  quit
    """

    /// Whether the view changes by itself (playback, or a movement key held down), so the
    /// application must keep drawing even without new events.
    public var isAnimating: Bool {
        playing || !keysHeld.isDisjoint(with: [.w, .a, .s, .d, .q, .e])
    }

    /// Applies one input event.
    public mutating func handle(_ event: InputEvent) {
        switch event {
        case .key(let key, let pressed):
            if pressed { keysHeld.insert(key); press(key) } else { keysHeld.remove(key) }
        case .mouseButton(let button, let pressed):
            if pressed { buttonsHeld.insert(button) } else { buttonsHeld.remove(button) }
        case .cursorMoved(let x, let y):
            let position = SIMD2(x, y)
            if let previous = cursor, !buttonsHeld.isEmpty { drag(by: position - previous) }
            cursor = position
        case .scrolled(let offset):
            if navigation == .orbit {
                let distance = length(camera.position - orbitTarget) * pow(0.85, offset)
                camera.position = orbitTarget - camera.forward * distance
                changed()
            } else {
                flySpeed *= pow(1.2, offset)
            }
        case .framebufferResized:
            changed()
        }
    }

    /// Advances time by `seconds`: held movement keys fly, playback advances frames.
    public mutating func update(seconds: Double) {
        let shift = keysHeld.contains(.leftShift) || keysHeld.contains(.rightShift)
        var motion = SIMD3<Double>.zero
        if keysHeld.contains(.w) { motion += camera.forward }
        if keysHeld.contains(.s) { motion -= camera.forward }
        if keysHeld.contains(.d) { motion += camera.right }
        if keysHeld.contains(.a) { motion -= camera.right }
        if keysHeld.contains(.e) { motion += up }
        if keysHeld.contains(.q) { motion -= up }
        if motion != .zero {
            if navigation != .fly { navigation = .fly; playing = false }
            camera.position += normalize(motion) * flySpeed * (shift ? 4 : 1) * seconds
            changed()
        }
        if playing && !frames.isEmpty {
            playbackClock += seconds * playbackRate
            let steps = Int(playbackClock)
            if steps > 0 {
                playbackClock -= Double(steps)
                selectFrame((frameIndex + steps) % frames.count)
            }
            // Following glides between the current frame and the next (not from the last back to the first).
            if navigation == .follow && frameIndex + 1 < frames.count && playbackClock > 0 {
                camera = .interpolated(frames[frameIndex], frames[frameIndex + 1], fraction: playbackClock)
                changed()
            }
        }
    }

    /// Moves the view into frame `index`'s camera, with its field of view, and starts flying from there.
    public mutating func lookThrough(frame index: Int) {
        guard frames.indices.contains(index) else { return }
        frameIndex = index
        camera = frames[index]
        navigation = .fly
        changed()
    }

    /// Makes `index` the current frame (clamped); in follow mode the view moves with it.
    public mutating func selectFrame(_ index: Int) {
        guard !frames.isEmpty else { return }
        frameIndex = min(max(index, 0), frames.count - 1)
        if navigation == .follow { camera = frames[frameIndex] }
        changed()
    }

    /// Returns to the home view in orbit mode.
    public mutating func resetView() {
        camera = home
        navigation = .orbit
        changed()
    }

    private mutating func changed() { sceneRevision += 1 }

    private mutating func press(_ key: Key) {
        switch key {
        case .o:
            if navigation == .orbit {
                navigation = .fly
            } else {
                navigation = .orbit
                orbitTarget = camera.position + camera.forward * max(length(camera.position - orbitTarget), flySpeed)
            }
        case .f:
            if navigation == .follow {
                navigation = .fly; playing = false
            } else {
                navigation = .follow; playing = true
                selectFrame(frameIndex)
            }
        case .r: resetView()
        case .g: lookThrough(frame: frameIndex)
        case .c: colorMode = colorMode.next; changed()
        case .l: eyeDomeLighting.toggle(); changed()
        case .m: showMaskPoints.toggle(); changed()
        case .n: showNavmap.toggle()   // drawn over the retained 3D image, which stays valid
        case .one, .two, .three, .four:
            let panel = Panel(rawValue: [Key.one, .two, .three, .four].firstIndex(of: key)!)!
            if panels.contains(panel) { panels.remove(panel) } else { panels.insert(panel) }
        case .left: selectFrame(frameIndex - 1)
        case .right: selectFrame(frameIndex + 1)
        case .down: selectFrame(frameIndex - 10)
        case .up: selectFrame(frameIndex + 10)
        case .space: playing.toggle(); playbackClock = 0
        case .h: showHelp.toggle(); requests.append(.printHelp)
        case .p: requests.append(.screenshot)
        case .escape: requests.append(.quit)
        case .w, .a, .s, .d, .q, .e, .leftShift, .rightShift: break
        }
    }

    private mutating func drag(by delta: SIMD2<Double>) {
        if buttonsHeld.contains(.right) || buttonsHeld.contains(.middle) {
            guard navigation == .orbit else { return }
            let scale = length(camera.position - orbitTarget) * 0.002
            let shift = (-camera.right * delta.x + camera.down * -delta.y) * scale
            camera.position += shift
            orbitTarget += shift
            changed()
            return
        }
        if navigation == .follow { navigation = .fly; playing = false }
        let distance = length(camera.position - orbitTarget)
        camera.turn(about: up, by: -delta.x * Self.mouseSensitivity)
        camera.tilt(by: -delta.y * Self.mouseSensitivity)
        if navigation == .orbit { camera.position = orbitTarget - camera.forward * distance }
        changed()
    }
}
