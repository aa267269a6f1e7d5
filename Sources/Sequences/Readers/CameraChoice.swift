import Foundation
import Geometry

/// Decides a sequence's intrinsics from what is known, best first: the command-line override,
/// intrinsics.txt, a published calibration, a field of view; and says what it assumed.
struct CameraChoice {
    /// The chosen intrinsics, at the images' size.
    let intrinsics: Intrinsics
    /// What the user should be told about the choice, if anything.
    let note: String?

    /// Chooses intrinsics for images of `width` × `height` pixels.
    /// - Parameters:
    ///   - folder: where to look for intrinsics.txt (`nil`: nowhere).
    ///   - calibration: a published calibration for this input and its name, at its own size.
    ///   - defaultFieldOfView: the field of view to assume when nothing else is known (`nil`: the
    ///     input's intrinsics are an error then, and `advice` says what to do).
    static func choose(options: ReaderOptions, folder: URL?, calibration: (name: String, intrinsics: Intrinsics)? = nil,
                       defaultFieldOfView: Double? = nil, width: Int, height: Int,
                       input: URL, advice: String) throws -> CameraChoice {
        if let override = options.intrinsics {
            if override.width == width && override.height == height { return CameraChoice(intrinsics: override, note: nil) }
            return CameraChoice(
                intrinsics: override.rescaled(width: width, height: height),
                note: "intrinsics given for \(override.width)x\(override.height) rescaled to the images' \(width)x\(height)")
        }
        if let folder, let fromFile = try IntrinsicsFile.read(in: folder, width: width, height: height) {
            return CameraChoice(intrinsics: fromFile, note: nil)
        }
        if let calibration {
            let source = calibration.intrinsics
            let intrinsics = source.width == width && source.height == height
                ? source : source.rescaled(width: width, height: height)
            let values = [intrinsics.fx, intrinsics.fy, intrinsics.cx, intrinsics.cy].map { "\($0)" }.joined(separator: " ")
            return CameraChoice(intrinsics: intrinsics,
                                note: "no intrinsics.txt: using the published TUM \(calibration.name) calibration (fx fy cx cy = \(values))")
        }
        if let fieldOfView = options.fieldOfView {
            return CameraChoice(intrinsics: Intrinsics(horizontalFieldOfView: fieldOfView, width: width, height: height),
                                note: "intrinsics from a \(fieldOfView)° horizontal field of view")
        }
        if let defaultFieldOfView {
            return CameraChoice(
                intrinsics: Intrinsics(horizontalFieldOfView: defaultFieldOfView, width: width, height: height),
                note: "no intrinsics given: assuming a \(defaultFieldOfView)° horizontal field of view (a typical phone); "
                    + "pass --fov or --intrinsics for better results")
        }
        throw SequenceReaderError.noIntrinsics(input, advice: advice)
    }
}
