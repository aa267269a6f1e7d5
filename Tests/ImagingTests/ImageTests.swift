import Testing
import Imaging

@Suite struct ImageTests {
    @Test func subscriptAddressesInterleavedChannels() {
        var image = Image(width: 3, height: 2, channels: 3)
        image[2, 1, 1] = 0.5
        #expect(image.pixels[(1 * 3 + 2) * 3 + 1] == 0.5)
    }
}
