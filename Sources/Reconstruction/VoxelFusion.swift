import Geometry
import Imaging
import Parallelism

/// Merges back-projected pixels of many frames into one point per occupied voxel of a world grid,
/// averaging position, colour and error, and counting the distinct frames that saw each voxel.
///
/// Memory grows with the number of occupied voxels, not with the number of frames. Voxels are
/// split over a fixed number of shards by key, each with its own hash table, so frames are merged
/// on several cores with results independent of the core count.
public struct VoxelFusion: Sendable {
    /// The camera of every frame.
    public let intrinsics: Intrinsics
    /// Edge length of a voxel in metres.
    public let voxelSize: Float
    /// Number of frames added.
    public private(set) var frameCount = 0
    /// Number of pixels merged into voxels so far.
    public private(set) var fusedPixelCount = 0

    static let shardCount = 4
    private var shards = Array(repeating: VoxelShard(), count: VoxelFusion.shardCount)

    /// An empty fusion for frames taken with `intrinsics`, with voxels of `voxelSize` metres.
    public init(intrinsics: Intrinsics, voxelSize: Float) {
        precondition(voxelSize > 0, "VoxelFusion: voxel size \(voxelSize) must be positive")
        self.intrinsics = intrinsics
        self.voxelSize = voxelSize
    }

    /// Number of occupied voxels.
    public var voxelCount: Int { shards.reduce(0) { $0 + $1.table.count } }

    /// Back-projects the kept, valid pixels of `frame` and merges them into their voxels.
    public mutating func add(_ frame: FusionFrame) {
        let width = intrinsics.width, height = intrinsics.height
        precondition(frame.depth.width == width && frame.depth.height == height,
                     "VoxelFusion.add: depth \(frame.depth.width)x\(frame.depth.height) vs intrinsics \(width)x\(height)")
        let points = FramePoints(frame: frame, intrinsics: intrinsics, voxelSize: voxelSize)
        let frameIndex = UInt32(frameCount), voxelSize = voxelSize
        shards.withUnsafeMutableBufferPointer { shards in
            Parallel.concurrentPerform(Self.shardCount) { shard in
                shards[shard].merge(points, shard: shard, shardCount: Self.shardCount, frame: frameIndex, voxelSize: voxelSize)
            }
        }
        frameCount += 1
        fusedPixelCount += points.validCount
    }

    /// One point per voxel seen by at least `minimumObservations` distinct frames: the mean
    /// position and colour (clamped to [0, 255]) of its pixels, the number of frames, and the
    /// mean error when the frames gave errors.
    public func cloud(minimumObservations: Int = 1) -> PointCloud {
        var positions: [SIMD3<Float>] = [], colors: [SIMD3<UInt8>] = []
        var counts: [UInt32] = [], errors: [Float] = []
        var anyErrors = false
        for shard in shards {
            for voxel in shard.voxels where Int(voxel.frames) >= minimumObservations {
                let n = Float(voxel.points)
                positions.append(voxel.origin + voxel.offsetSum / n)
                var color = voxel.colorSum / n
                color.replace(with: 0, where: .!(color .>= 0))   // negative or NaN input colours
                color.replace(with: 255, where: color .> 255)
                colors.append(SIMD3<UInt8>(color.rounded(.toNearestOrEven)))
                counts.append(voxel.frames)
                errors.append(voxel.errorCount > 0 ? voxel.errorSum / Float(voxel.errorCount) : 0)
                anyErrors = anyErrors || voxel.errorCount > 0
            }
        }
        return PointCloud(positions: positions, colors: colors, observationCounts: counts,
                          meanErrors: anyErrors ? errors : nil)
    }
}

/// The pixels of one frame in world space, with their voxel keys (`VoxelKey.none` for pixels
/// not fused).
struct FramePoints {
    var keys: [UInt64]
    var points: [SIMD3<Float>]
    var colors: [SIMD3<Float>]
    var errors: [Float]?
    var validCount: Int

    init(frame: FusionFrame, intrinsics: Intrinsics, voxelSize: Float) {
        let width = intrinsics.width, count = frame.depth.depths.count
        let r = frame.worldFromCamera.rotation
        let r0 = SIMD3<Float>(r.rows.0), r1 = SIMD3<Float>(r.rows.1), r2 = SIMD3<Float>(r.rows.2)
        let t = SIMD3<Float>(frame.worldFromCamera.translation)
        let fx = Float(intrinsics.fx), fy = Float(intrinsics.fy), cx = Float(intrinsics.cx), cy = Float(intrinsics.cy)
        let inverseSize = 1 / voxelSize, channels = frame.color.channels
        var keys = [UInt64](repeating: VoxelKey.none, count: count)
        var points = [SIMD3<Float>](repeating: .zero, count: count)
        var colors = [SIMD3<Float>](repeating: .zero, count: count)
        let mask = frame.mask
        keys.withUnsafeMutableBufferPointer { keys in
            points.withUnsafeMutableBufferPointer { points in
                colors.withUnsafeMutableBufferPointer { colors in
                    frame.depth.depths.withUnsafeBufferPointer { depths in
                        frame.color.pixels.withUnsafeBufferPointer { pixels in
                            Parallel.forEachChunk(count, minimumPerChunk: 8192) { range in
                                for index in range {
                                    let d = depths[index]
                                    guard d > 0, d.isFinite, mask?.isKept(index) ?? true else { continue }
                                    let x = Float(index % width), y = Float(index / width)
                                    let camera = SIMD3<Float>((x - cx) / fx * d, (y - cy) / fy * d, d)
                                    let world = SIMD3<Float>((r0 * camera).sum(), (r1 * camera).sum(), (r2 * camera).sum()) + t
                                    keys[index] = VoxelKey.key(of: world, inverseSize: inverseSize)
                                    points[index] = world
                                    let p = index * channels
                                    colors[index] = SIMD3<Float>(pixels[p], pixels[p + 1], pixels[p + 2]) * 255
                                }
                            }
                        }
                    }
                }
            }
        }
        self.keys = keys
        self.points = points
        self.colors = colors
        self.errors = frame.errors
        validCount = keys.reduce(0) { $0 + ($1 == VoxelKey.none ? 0 : 1) }
    }
}

/// The accumulated observations of one voxel.
struct Voxel: Sendable {
    /// The voxel's minimum corner; positions are summed relative to it for precision.
    var origin: SIMD3<Float>
    var offsetSum: SIMD3<Float> = .zero
    var colorSum: SIMD3<Float> = .zero
    var errorSum: Float = 0
    var points: UInt32 = 0
    var errorCount: UInt32 = 0
    /// Distinct frames that observed the voxel.
    var frames: UInt32 = 0
    /// The last frame that observed the voxel (to count frames, not pixels).
    var lastFrame = UInt32.max
}

/// The voxels whose keys fall into one shard.
struct VoxelShard: Sendable {
    var table = VoxelHashTable()
    var voxels: [Voxel] = []

    /// Merges the points of `frame` whose keys belong to shard `shard` of `shardCount` (a power of two).
    mutating func merge(_ frame: FramePoints, shard: Int, shardCount: Int, frame frameIndex: UInt32, voxelSize: Float) {
        let shardMask = UInt64(shardCount - 1), shardKey = UInt64(shard)
        frame.keys.withUnsafeBufferPointer { keys in
            frame.points.withUnsafeBufferPointer { points in
                frame.colors.withUnsafeBufferPointer { colors in
                    for index in keys.indices {
                        let key = keys[index]
                        guard key != VoxelKey.none, (key ^ (key >> 21) ^ (key >> 42)) & shardMask == shardKey else { continue }
                        let (voxelIndex, inserted) = table.index(inserting: key)
                        if inserted { voxels.append(Voxel(origin: SIMD3<Float>(VoxelKey.cell(of: key)) * voxelSize)) }
                        var voxel = voxels[voxelIndex]
                        voxel.offsetSum += points[index] - voxel.origin
                        voxel.colorSum += colors[index]
                        voxel.points += 1
                        if let errors = frame.errors {
                            voxel.errorSum += errors[index]
                            voxel.errorCount += 1
                        }
                        if voxel.lastFrame != frameIndex {
                            voxel.lastFrame = frameIndex
                            voxel.frames += 1
                        }
                        voxels[voxelIndex] = voxel
                    }
                }
            }
        }
    }
}
