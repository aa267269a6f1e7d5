import Foundation
import Imaging

extension FrameSequence {
    /// Reads frame `index`'s colour image; an error names the file when its size is not the
    /// sequence's (``intrinsics``' width × height).
    public func loadImage(_ index: Int) throws -> Image {
        let url = try frame(index).image
        let image = try PNG.read(url)
        try checkSize(of: url, width: image.width, height: image.height)
        return image
    }

    /// Reads frame `index`'s ground-truth depth in metres, or `nil` when it has none; an error
    /// names the file when its size is not the sequence's.
    public func loadDepth(_ index: Int) throws -> DepthMap? {
        guard let url = try frame(index).depth else { return nil }
        let depth = try PNG.readDepth(url, scale: depthScale)
        try checkSize(of: url, width: depth.width, height: depth.height)
        return depth
    }

    private func frame(_ index: Int) throws -> Frame {
        guard frames.indices.contains(index) else {
            throw SequenceReaderError.frameIndexOutOfRange(index: index, count: frames.count, sequence: name)
        }
        return frames[index]
    }

    private func checkSize(of url: URL, width: Int, height: Int) throws {
        guard width == intrinsics.width && height == intrinsics.height else {
            throw SequenceReaderError.imageSizeMismatch(image: url, width: width, height: height,
                                                        expectedWidth: intrinsics.width, expectedHeight: intrinsics.height,
                                                        firstImage: frames[0].image)
        }
    }
}
