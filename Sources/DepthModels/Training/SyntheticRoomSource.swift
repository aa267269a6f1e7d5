import Geometry
import Imaging
import Sequences
import Tensors

/// Training triplets from random rooms rendered on the fly (never the evaluation scenes of
/// Scenes/): a pool of short rendered clips, one of which is replaced by a new room every
/// `refreshInterval` steps. Which room sits in which slot is a function of the step alone, so a
/// resumed run sees exactly the data it would have seen. Travelled distances are exact, which
/// enables velocity supervision (metric scale).
public struct SyntheticRoomSource: TrainingDataSource {
    /// Rooms come from this generator (its seed is the training seed).
    public let generator: RoomGenerator
    /// Clips held at once, frames per clip, their frame rate and the frame gap of triplets.
    public let poolSize: Int, clipLength: Int, fps: Double, frameGap: Int
    /// Whether each triplet's gap is drawn uniformly from 1 to `frameGap` instead.
    public let randomGap: Bool
    /// Steps between clip replacements.
    public let refreshInterval: Int
    /// The camera at the training resolution.
    public let intrinsics: Intrinsics
    private var clips: [Int: Clip] = [:]

    /// One rendered room walk.
    struct Clip {
        let room: Int
        let images: [Image]
        let worldFromCamera: [RigidTransform]
    }

    /// Steps between clip replacements unless told otherwise.
    public static let defaultRefreshInterval = 25

    /// A source rendering `width × height` frames with a phone-like field of view, of rooms whose
    /// cameras look as `lookDirection` says and whose furniture takes `furniturePalette`'s colours.
    public init(seed: UInt64, width: Int, height: Int, frameGap: Int, randomGap: Bool = false, poolSize: Int = 8,
                clipLength: Int = 40, fps: Double = 10, refreshInterval: Int = defaultRefreshInterval,
                lookDirection: RoomGenerator.LookDirection = .farthestView, furniturePalette: RoomGenerator.FurniturePalette = .muted) {
        generator = RoomGenerator(seed: seed, lookDirection: lookDirection, furniturePalette: furniturePalette)
        intrinsics = Intrinsics.phone(width: width, height: height)
        self.poolSize = poolSize; self.clipLength = clipLength; self.fps = fps
        self.frameGap = frameGap; self.randomGap = randomGap; self.refreshInterval = refreshInterval
        precondition(clipLength > 2 * frameGap, "SyntheticRoomSource: clips of \(clipLength) frames too short for gap \(frameGap)")
    }

    /// The room index held by `slot` at `step`: slot k starts with room k; refresh event e
    /// (at step e·refreshInterval, e ≥ 1) puts room poolSize + e − 1 into slot e mod poolSize.
    func room(slot: Int, step: Int) -> Int {
        let events = step / refreshInterval
        guard events >= 1 else { return slot }
        // the latest event e ≤ events with e ≡ slot (mod poolSize); none yet when it is < 1
        let latest = events - ((events - slot) % poolSize + poolSize) % poolSize
        return latest >= 1 ? poolSize + latest - 1 : slot
    }

    public mutating func batch(step: Int, size: Int, generator random: inout SplitMix64) throws -> TrainingBatch {
        var targets: [Image] = [], previous: [Image] = [], next: [Image] = []
        var before: [Float] = [], after: [Float] = [], motionsBefore: [Float] = [], motionsAfter: [Float] = []
        for _ in 0..<size {
            let slot = Int(random.next() % UInt64(poolSize))
            let clip = self.clip(slot: slot, step: step)
            let gap = randomGap ? 1 + Int(random.next() % UInt64(frameGap)) : frameGap
            let center = gap + Int(random.next() % UInt64(clipLength - 2 * gap))
            targets.append(clip.images[center])
            previous.append(clip.images[center - gap])
            next.append(clip.images[center + gap])
            // T_source←target, whose translation's length is the distance travelled.
            let toBefore = clip.worldFromCamera[center - gap].inverse * clip.worldFromCamera[center]
            let toAfter = clip.worldFromCamera[center + gap].inverse * clip.worldFromCamera[center]
            motionsBefore += toBefore.motionVector; motionsAfter += toAfter.motionVector
            before.append(Float(length(toBefore.translation)))
            after.append(Float(length(toAfter.translation)))
        }
        return TrainingBatch(target: Tensor(images: targets), previous: Tensor(images: previous), next: Tensor(images: next),
                             intrinsics: intrinsics, travelledDistances: (before, after),
                             trueMotions: (Tensor(shape: [size, 6], values: motionsBefore), Tensor(shape: [size, 6], values: motionsAfter)))
    }

    /// The clip in `slot` at `step`, rendered when the slot's room changed.
    private mutating func clip(slot: Int, step: Int) -> Clip {
        let room = self.room(slot: slot, step: step)
        if let clip = clips[slot], clip.room == room { return clip }
        let scene = generator.room(room)
        let renderer = SceneRenderer(scene: scene, intrinsics: intrinsics, supersampling: 2)
        let poses = scene.cameraPoses(frameCount: clipLength, fps: fps)
        let clip = Clip(room: room, images: poses.map { renderer.render(worldFromCamera: $0.worldFromCamera).image },
                        worldFromCamera: poses.map(\.worldFromCamera))
        clips[slot] = clip
        return clip
    }
}
