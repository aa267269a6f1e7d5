import Foundation
import Imaging

/// A window showing a `ViewerScene`: the interactive loop, or single images for screenshots and
/// benchmarks. Order of STYLE.md: the window (GLFW, context) is created first, then the GL
/// resources; the renderer is torn down in `deinit` before the window goes.
public final class ViewerSession {
    /// What the user can change; tests and benchmarks may drive it directly.
    public var state: ViewerState
    private let window: Window
    private var renderer: SceneRenderer?

    /// Opens a window (hidden unless `visible`) for `scene` at `options`' size and initial
    /// settings; `loadEvidence(i)` gives frame i's images for the panels and mask points.
    public init(scene: ViewerScene, options: ViewerOptions, visible: Bool, loadEvidence: @escaping (Int) -> FrameEvidence?) throws {
        guard options.width > 0, options.height > 0 else {
            throw ViewerError.invalidValue("window size \(options.width)x\(options.height) must be positive")
        }
        if !scene.frames.isEmpty, !scene.frames.indices.contains(options.frameIndex) {
            throw ViewerError.invalidValue("frame \(options.frameIndex + 1) is out of range: the trajectory has frames 1 to \(scene.frames.count)")
        }
        window = try Window(title: "packsfm view", width: options.width, height: options.height, visible: visible)
        // A hidden window renders at exactly the requested size; a visible one at its framebuffer size (HiDPI).
        let framebuffer = visible ? window.framebufferSize : (options.width, options.height)
        let pixelScale = visible ? Double(framebuffer.0) / Double(max(window.windowSize.width, 1)) : 1
        renderer = try SceneRenderer(scene: scene, width: framebuffer.0, height: framebuffer.1,
                                     pixelScale: pixelScale, loadEvidence: loadEvidence)
        state = scene.initialState()
        state.colorMode = options.colorMode
        state.eyeDomeLighting = options.eyeDomeLighting
        state.panels = options.panels
        state.showMaskPoints = options.maskPoints
        if !scene.frames.isEmpty {
            state.selectFrame(options.frameIndex)
            if options.lookThroughFrame { state.lookThrough(frame: options.frameIndex) }
        }
    }

    deinit { renderer = nil }

    /// The OpenGL driver in use.
    public var graphicsDescription: String { GL.description }

    /// Draws every point for the current state and returns the image (RGB, top row first).
    public func renderImage() -> Image {
        guard let renderer else { preconditionFailure("ViewerSession: used after teardown") }
        renderer.render(state, complete: true)
        return renderer.readImage()
    }

    /// Draws one interactive frame as the level of detail plans it (or, with `everyPoint`, the
    /// whole cloud at once) and waits for the GPU; returns how many cloud points it drew and how
    /// long it took.
    @discardableResult
    public func renderFrame(everyPoint: Bool = false) -> (points: Int, seconds: Double) {
        guard let renderer else { preconditionFailure("ViewerSession: used after teardown") }
        let start = DispatchTime.now().uptimeNanoseconds
        let drawn = renderer.render(state, complete: everyPoint)
        GL.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if !everyPoint { renderer.record(points: drawn, seconds: seconds) }
        return (drawn, seconds)
    }

    /// Follows a change of the drawable size (window resize, or a move to a screen with another
    /// pixel density); the next image has `width`×`height` pixels.
    public func resize(width: Int, height: Int) throws {
        try renderer?.resize(width: width, height: height)
        state.handle(.framebufferResized(width: width, height: height))
    }

    /// Whether the retained 3D image holds every point.
    public var isComplete: Bool { renderer?.levelOfDetail.isComplete ?? true }

    /// Runs the interactive loop until the window closes or Escape: poll → update → draw → swap.
    /// Nothing is drawn while the view is still and complete.
    public func run() throws {
        guard let renderer else { return }
        window.setTitle("packsfm view — H for help")
        printHelp()
        var last = window.time
        var needsFrame = true
        while !window.shouldClose {
            let idle = !needsFrame && renderer.levelOfDetail.isComplete && !state.isAnimating
            let events = window.pollEvents(waitingUpTo: idle ? 0.25 : nil)
            for event in events {
                if case .framebufferResized(let width, let height) = event {
                    try resize(width: width, height: height)
                } else {
                    state.handle(event)
                }
            }
            let now = window.time
            state.update(seconds: min(now - last, 0.25))
            last = now
            for request in state.requests {
                switch request {
                case .screenshot: saveScreenshot()
                case .printHelp: printHelp()
                case .quit: return
                }
            }
            state.requests.removeAll()
            if idle && events.isEmpty { continue }
            needsFrame = false
            renderFrame()
            let framebuffer = window.framebufferSize
            renderer.present(width: framebuffer.width, height: framebuffer.height)
            window.swapBuffers()
        }
    }

    /// Writes straight to standard output (unbuffered, so it shows even when piped).
    private func say(_ text: String) {
        FileHandle.standardOutput.write((text + "\n").data(using: .utf8)!)
    }

    private func printHelp() { say(ViewerState.help) }

    private func saveScreenshot() {
        guard let renderer else { return }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let url = URL(fileURLWithPath: "packsfm-\(formatter.string(from: Date())).png")
        do {
            try PNG.write(renderer.readImage(), to: url)
            say("saved \(url.path)")
        } catch {
            FileHandle.standardError.write("screenshot failed: \(error)\n".data(using: .utf8)!)
        }
    }
}
