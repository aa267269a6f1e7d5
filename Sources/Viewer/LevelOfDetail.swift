/// Which points to draw each frame so the view stays interactive: while the view changes, a
/// prefix of the shuffled cloud small enough for the target frame rate is drawn from scratch;
/// once it holds still, further slices are added on top of the retained image (with its depth
/// buffer) until the whole cloud is there. Plain data; the application reports frame times.
public struct LevelOfDetail: Sendable {
    /// What to draw in one frame.
    public enum Plan: Equatable, Sendable {
        /// Clear the 3D image and draw points `range` (and the frustums).
        case redraw(Range<Int>)
        /// Draw points `range` on top of the retained 3D image.
        case accumulate(Range<Int>)
        /// The retained image is complete; nothing to draw.
        case complete
    }

    /// Points in the (budgeted, shuffled) cloud.
    public let totalCount: Int
    /// The frame time to stay under while drawing a slice, in seconds.
    public let targetFrameSeconds: Double
    /// Points drawn per frame; adapts to the measured drawing speed.
    public private(set) var sliceCount: Int
    /// Points in the retained image.
    public private(set) var drawnCount = 0
    private var pointsPerSecond: Double?
    private var started = false

    /// The smallest slice ever drawn, so that even a slow machine shows the shape of the scene.
    public static let minimumSlice = 20_000

    /// A plan for `totalCount` points aiming at `targetFrameSeconds` per frame (default 24 fps),
    /// starting from `initialSlice` points per frame. The default target leaves headroom for
    /// swapping buffers above 20 fps.
    public init(totalCount: Int, targetFrameSeconds: Double = 1.0 / 24, initialSlice: Int = 150_000) {
        self.totalCount = totalCount
        self.targetFrameSeconds = targetFrameSeconds
        self.sliceCount = min(totalCount, max(Self.minimumSlice, initialSlice))
    }

    /// The plan for the next frame; `viewChanged` says whether the 3D image is out of date.
    public mutating func plan(viewChanged: Bool) -> Plan {
        if viewChanged || !started {
            started = true
            drawnCount = min(totalCount, sliceCount)
            return .redraw(0..<drawnCount)
        }
        guard drawnCount < totalCount else { return .complete }
        let start = drawnCount
        drawnCount = min(totalCount, start + sliceCount)
        return .accumulate(start..<drawnCount)
    }

    /// Records that drawing `points` points took `seconds`, and resizes the slice to fit the
    /// target frame time (a running average of the drawing speed, so one slow frame does not
    /// swing it).
    public mutating func record(points: Int, seconds: Double) {
        guard points >= Self.minimumSlice / 4, seconds > 0 else { return }
        let measured = Double(points) / seconds
        let speed = pointsPerSecond.map { 0.7 * $0 + 0.3 * measured } ?? measured
        pointsPerSecond = speed
        sliceCount = min(max(totalCount, 1), max(Self.minimumSlice, Int(speed * targetFrameSeconds)))
    }

    /// Whether the retained image holds every point.
    public var isComplete: Bool { drawnCount >= totalCount }
}
