/// The keys the viewer binds (a platform-neutral subset; `Window` maps GLFW's codes onto it).
public enum Key: String, Sendable, Hashable, CaseIterable {
    case w, a, s, d, q, e
    case c, f, g, h, l, m, n, o, p, r
    case one, two, three, four
    case left, right, up, down
    case space, escape, leftShift, rightShift
}

/// Mouse buttons.
public enum MouseButton: Sendable, Hashable {
    case left, right, middle
}

/// One user input or window change, recorded by the window's callbacks and consumed by
/// `ViewerState.handle(_:)`. Plain data, so input handling can be tested without a window.
public enum InputEvent: Equatable, Sendable {
    /// A key went down (`pressed`) or up; repeats of a held key arrive as further presses.
    case key(Key, pressed: Bool)
    /// The cursor moved to window coordinates (`x`, `y`), origin top left, in screen units.
    case cursorMoved(x: Double, y: Double)
    /// A mouse button went down or up.
    case mouseButton(MouseButton, pressed: Bool)
    /// The wheel turned by `offset` notches (positive = away from the user).
    case scrolled(offset: Double)
    /// The drawable framebuffer changed size, in pixels (differs from the window size on HiDPI).
    case framebufferResized(width: Int, height: Int)
}
