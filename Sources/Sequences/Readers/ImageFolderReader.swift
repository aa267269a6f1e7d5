import Foundation
import Geometry

/// Reads a folder of PNG images in natural name order (`frame2.png` before `frame10.png`),
/// timestamped `index / fps`. Every image's header is read at open, so a folder with images of
/// different sizes fails at once, naming the odd file.
enum ImageFolderReader {
    static func read(_ folder: URL, options: ReaderOptions) throws -> SequenceReader.Opened {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") }
            .filter { name in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder)
                    && !isFolder.boolValue
            }
        let pngNames = names.filter { $0.lowercased().hasSuffix(".png") }.sorted(by: NaturalOrder.precedes)
        if pngNames.isEmpty {
            let jpegCount = names.filter { name in [".jpg", ".jpeg"].contains { name.lowercased().hasSuffix($0) } }.count
            if jpegCount > 0 { throw SequenceReaderError.onlyJPEG(folder: folder, count: jpegCount) }
            if names.isEmpty { throw SequenceReaderError.emptyFolder(folder) }
            throw SequenceReaderError.unknownInput(folder, found: "a folder with \(names.count) file(s) but no rgb.txt and no .png image")
        }

        let kept = options.keptIndices(of: pngNames.count)
        let images = kept.map { folder.appendingPathComponent(pngNames[$0]) }
        let size = try PNGHeader(contentsOf: images[0])
        for image in images.dropFirst() {
            let header = try PNGHeader(contentsOf: image)
            if header != size {
                throw SequenceReaderError.imageSizeMismatch(image: image, width: header.width, height: header.height,
                                                            expectedWidth: size.width, expectedHeight: size.height,
                                                            firstImage: images[0])
            }
        }

        let choice = try CameraChoice.choose(
            options: options, folder: folder, width: size.width, height: size.height, input: folder,
            advice: "add \(folder.appendingPathComponent(IntrinsicsFile.name).path) with one line 'fx fy cx cy', "
                + "or pass --fov (horizontal field of view in degrees) or --intrinsics")
        let frames = zip(kept, images).map { index, image in
            Frame(timestamp: Double(index) / options.framesPerSecond, image: image)
        }
        return SequenceReader.Opened(kind: .imageFolder,
                                     sequence: FrameSequence(name: folder.lastPathComponent, intrinsics: choice.intrinsics, frames: frames),
                                     notes: choice.note.map { [$0] } ?? [])
    }
}
