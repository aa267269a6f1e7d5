/// How a viewer session starts (the `view` command's flags).
public struct ViewerOptions: Sendable {
    /// Window (or screenshot) size in screen units.
    public var width = 1280, height = 720
    /// The initial colour mode.
    public var colorMode = ColorMode.rgb
    /// Whether eye-dome lighting starts on.
    public var eyeDomeLighting = false
    /// The per-frame panels shown at start.
    public var panels: Set<Panel> = []
    /// The initial current frame (0-based).
    public var frameIndex = 0
    /// Whether the current frame's kept and rejected depth pixels are shown in 3D.
    public var maskPoints = false
    /// Whether to start looking through the current frame's camera instead of the overview.
    public var lookThroughFrame = false

    /// The defaults: 1280×720, RGB, no EDL, no panels, no mask points, frame 0, overview.
    public init() {}
}
