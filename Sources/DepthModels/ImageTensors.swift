import Imaging
import Tensors

extension Tensor {
    /// Stacks same-size RGB images into one [N, 3, H, W] tensor (channels made planar).
    public convenience init(images: [Image]) {
        precondition(!images.isEmpty, "Tensor(images:): no images")
        let width = images[0].width, height = images[0].height, plane = width * height
        precondition(images.allSatisfy { $0.width == width && $0.height == height && $0.channels == 3 },
                     "Tensor(images:): images must all be RGB \(width)x\(height)")
        let storage = TensorStorage(count: images.count * 3 * plane)
        for (n, image) in images.enumerated() {
            image.pixels.withUnsafeBufferPointer { pixels in
                for channel in 0..<3 {
                    let destination = storage.pointer + (n * 3 + channel) * plane
                    for index in 0..<plane { destination[index] = pixels[index * 3 + channel] }
                }
            }
        }
        self.init(shape: [images.count, 3, height, width], storage: storage)
    }

    /// Image `index` of an [N, C, H, W] tensor as an interleaved ``Image`` (C = 1 or 3).
    public func image(at index: Int) -> Image {
        precondition(rank == 4 && (shape[1] == 1 || shape[1] == 3) && index < shape[0], "image(at:): \(shape), index \(index)")
        let channels = shape[1], height = shape[2], width = shape[3], plane = width * height
        var pixels = [Float](repeating: 0, count: channels * plane)
        let source = storage.pointer + index * channels * plane
        for channel in 0..<channels {
            for p in 0..<plane { pixels[p * channels + channel] = source[channel * plane + p] }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Image `index` of an [N, 1, H, W] tensor as a ``DepthMap``.
    public func depthMap(at index: Int) -> DepthMap {
        precondition(rank == 4 && shape[1] == 1 && index < shape[0], "depthMap(at:): \(shape), index \(index)")
        let plane = shape[2] * shape[3]
        let start = storage.pointer + index * plane
        return DepthMap(width: shape[3], height: shape[2], depths: Array(UnsafeBufferPointer(start: start, count: plane)))
    }
}
