import Testing
import Viewer

@Suite struct TextImageTests {
    @Test func linesAreLaidOutCellByCellWithCoverageAsAlpha() {
        let rendered = TextImage.render("AB\n1", scale: 2)
        #expect(rendered.width == 2 * TextImage.cellWidth * 2 && rendered.height == 2 * TextImage.cellHeight * 2)
        func alpha(_ x: Int, _ y: Int) -> UInt8 { rendered.rgba[(y * rendered.width + x) * 4 + 3] }
        // "1" has its stem in the middle column (2) on its second row; rows start one font pixel down.
        let top = (TextImage.cellHeight + 1) * 2
        #expect(alpha(2 * 2, top + 2) == 255)
        #expect(alpha(0, top + 2) == 0)
        #expect(rendered.rgba[0] == 255 && alpha(0, 0) == 0)
    }
}
