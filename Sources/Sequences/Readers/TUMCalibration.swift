import Geometry

/// The published colour-camera calibrations of the TUM RGB-D benchmark
/// (https://cvg.cit.tum.de/data/datasets/rgbd-dataset/file_formats), for datasets that ship no
/// intrinsics.txt. Distortion is ignored.
public enum TUMCalibration {
    /// One Kinect of the benchmark, named as in the dataset folders (`freiburg1`).
    public struct Camera: Equatable, Sendable {
        /// `freiburg1`, `freiburg2` or `freiburg3`.
        public let name: String
        /// Focal lengths and principal point in pixels at 640 × 480.
        public let fx: Double, fy: Double, cx: Double, cy: Double
    }

    /// The three cameras.
    public static let cameras = [
        Camera(name: "freiburg1", fx: 517.3, fy: 516.5, cx: 318.6, cy: 255.3),
        Camera(name: "freiburg2", fx: 520.9, fy: 521.0, cx: 325.1, cy: 249.7),
        Camera(name: "freiburg3", fx: 535.4, fy: 539.2, cx: 320.1, cy: 247.6),
    ]

    /// The camera whose name the folder name contains (`rgbd_dataset_freiburg1_xyz`), if any.
    public static func camera(forFolderNamed folderName: String) -> Camera? {
        let lowercased = folderName.lowercased()
        return cameras.first { lowercased.contains($0.name) }
    }
}
