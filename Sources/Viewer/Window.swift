import CGLFW
import Foundation

/// A GLFW window with an OpenGL 3.3 core context. This is the only file that imports GLFW.
///
/// Its callbacks only append `InputEvent`s to a queue that `pollEvents()` drains. Lifetime
/// follows STYLE.md: `init` sets the error callback, initialises GLFW, creates the window and
/// makes its context current; `deinit` destroys the window and terminates GLFW, so every GL
/// resource must be released before the window is, and only one window may exist at a time.
final class Window {
    private let handle: OpaquePointer
    private var queue: [InputEvent] = []

    /// Opens a `width`×`height` window titled `title`; a hidden one renders off-screen.
    init(title: String, width: Int, height: Int, visible: Bool) throws {
        let environment = ProcessInfo.processInfo.environment
        if (environment["DISPLAY"] ?? "").isEmpty && (environment["WAYLAND_DISPLAY"] ?? "").isEmpty {
            throw ViewerError.noDisplay("neither DISPLAY nor WAYLAND_DISPLAY is set")
        }
        glfwSetErrorCallback { _, description in
            Window.lastError = description.map { String(cString: $0) } ?? "unknown GLFW error"
        }
        try Window.initialiseGLFW()
        glfwDefaultWindowHints()
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3)
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3)
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE)
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE)
        glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE)
        glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE)
        guard let created = glfwCreateWindow(Int32(width), Int32(height), title, nil, nil) else {
            let reason = Window.lastError ?? "unknown reason"
            glfwTerminate()
            throw ViewerError.graphics("cannot create an OpenGL 3.3 core window: \(reason)")
        }
        handle = created
        glfwMakeContextCurrent(handle)
        glfwSwapInterval(visible ? 1 : 0)
        glfwSetWindowUserPointer(handle, Unmanaged.passUnretained(self).toOpaque())
        installCallbacks()
    }

    deinit {
        glfwDestroyWindow(handle)
        glfwTerminate()
    }

    /// Initialises GLFW, trying again for about two seconds: a display that exists may refuse a
    /// connection for a moment when many clients connect at once (seen with Xvfb under parallel
    /// tests). A display that stays unreachable is reported with GLFW's reason.
    private static func initialiseGLFW() throws {
        for pause in [0.2, 0.5, 1.0] {
            if glfwInit() == GLFW_TRUE { return }
            Thread.sleep(forTimeInterval: pause)
        }
        guard glfwInit() == GLFW_TRUE else {
            throw ViewerError.noDisplay(lastError ?? "glfwInit failed")
        }
    }

    /// The last message from GLFW's error callback (GLFW calls it on the main thread).
    nonisolated(unsafe) private static var lastError: String?

    /// The drawable size in pixels.
    var framebufferSize: (width: Int, height: Int) {
        var width: Int32 = 0, height: Int32 = 0
        glfwGetFramebufferSize(handle, &width, &height)
        return (Int(width), Int(height))
    }

    /// The window size in screen units (cursor coordinates use these).
    var windowSize: (width: Int, height: Int) {
        var width: Int32 = 0, height: Int32 = 0
        glfwGetWindowSize(handle, &width, &height)
        return (Int(width), Int(height))
    }

    /// Whether the user asked to close the window.
    var shouldClose: Bool { glfwWindowShouldClose(handle) == GLFW_TRUE }

    /// Seconds since GLFW started.
    var time: Double { glfwGetTime() }

    /// Collects pending events (with a `timeout`, first waiting up to that many seconds for one),
    /// then returns and clears the queue.
    func pollEvents(waitingUpTo timeout: Double? = nil) -> [InputEvent] {
        if let timeout { glfwWaitEventsTimeout(timeout) } else { glfwPollEvents() }
        defer { queue.removeAll(keepingCapacity: true) }
        return queue
    }

    /// Shows the frame just drawn.
    func swapBuffers() { glfwSwapBuffers(handle) }

    /// Sets the title bar text.
    func setTitle(_ title: String) { glfwSetWindowTitle(handle, title) }

    private static func owner(_ window: OpaquePointer?) -> Window? {
        guard let window, let pointer = glfwGetWindowUserPointer(window) else { return nil }
        return Unmanaged<Window>.fromOpaque(pointer).takeUnretainedValue()
    }

    private func installCallbacks() {
        glfwSetKeyCallback(handle) { window, code, _, action, _ in
            guard let key = Window.key(code) else { return }
            Window.owner(window)?.queue.append(.key(key, pressed: action != GLFW_RELEASE))
        }
        glfwSetCursorPosCallback(handle) { window, x, y in
            Window.owner(window)?.queue.append(.cursorMoved(x: x, y: y))
        }
        glfwSetMouseButtonCallback(handle) { window, code, action, _ in
            let button: MouseButton
            switch code {
            case GLFW_MOUSE_BUTTON_LEFT: button = .left
            case GLFW_MOUSE_BUTTON_RIGHT: button = .right
            case GLFW_MOUSE_BUTTON_MIDDLE: button = .middle
            default: return
            }
            Window.owner(window)?.queue.append(.mouseButton(button, pressed: action == GLFW_PRESS))
        }
        glfwSetScrollCallback(handle) { window, _, offset in
            Window.owner(window)?.queue.append(.scrolled(offset: offset))
        }
        glfwSetFramebufferSizeCallback(handle) { window, width, height in
            Window.owner(window)?.queue.append(.framebufferResized(width: Int(width), height: Int(height)))
        }
    }

    private static func key(_ code: Int32) -> Key? {
        switch code {
        case GLFW_KEY_W: .w
        case GLFW_KEY_A: .a
        case GLFW_KEY_S: .s
        case GLFW_KEY_D: .d
        case GLFW_KEY_Q: .q
        case GLFW_KEY_E: .e
        case GLFW_KEY_C: .c
        case GLFW_KEY_F: .f
        case GLFW_KEY_G: .g
        case GLFW_KEY_H: .h
        case GLFW_KEY_L: .l
        case GLFW_KEY_M: .m
        case GLFW_KEY_N: .n
        case GLFW_KEY_O: .o
        case GLFW_KEY_P: .p
        case GLFW_KEY_R: .r
        case GLFW_KEY_1: .one
        case GLFW_KEY_2: .two
        case GLFW_KEY_3: .three
        case GLFW_KEY_4: .four
        case GLFW_KEY_LEFT: .left
        case GLFW_KEY_RIGHT: .right
        case GLFW_KEY_UP: .up
        case GLFW_KEY_DOWN: .down
        case GLFW_KEY_SPACE: .space
        case GLFW_KEY_ESCAPE: .escape
        case GLFW_KEY_LEFT_SHIFT: .leftShift
        case GLFW_KEY_RIGHT_SHIFT: .rightShift
        default: nil
        }
    }
}
