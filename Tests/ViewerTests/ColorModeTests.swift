import Testing
import Viewer

@Suite struct ColorModeTests {
    @Test func nextCyclesThroughEveryMode() {
        var mode = ColorMode.rgb
        var seen: [ColorMode] = []
        for _ in ColorMode.allCases { seen.append(mode); mode = mode.next }
        #expect(Set(seen).count == ColorMode.allCases.count && mode == .rgb)
    }
}
