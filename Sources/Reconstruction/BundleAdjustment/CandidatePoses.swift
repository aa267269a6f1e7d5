import Geometry
import Imaging
import Parallelism
import PhotometricKernels

extension PhotometricBundleAdjustment {
    /// Adds the newest frame like ``append(image:depth:worldFromCamera:)``, placed at whichever
    /// of `candidates` (camera-to-world estimates, e.g. the aligned one and the pose network's)
    /// makes its brightness agree best with the window's other frames; returns that candidate's
    /// index. The adjustment only refines within a pixel or two of its start, so a start that
    /// frame-to-frame alignment pulled into a wrong minimum (a repeated texture, a bare wall)
    /// would stay wrong.
    @discardableResult
    public mutating func append(image: Image, depth: DepthMap, candidates: [RigidTransform]) -> Int {
        precondition(!candidates.isEmpty, "PhotometricBundleAdjustment.append: no candidate pose")
        append(image: image, depth: depth, worldFromCamera: candidates[0])
        guard candidates.count > 1, count > 1 else { return 0 }
        let costs = newestFrameCosts(candidates.map { $0.inverse })
        let best = costs.indices.min { costs[$0] < costs[$1] }!
        placeNewest(cameraFromWorld: candidates[best].inverse)
        return best
    }

    /// Per candidate T_camera←world of the newest frame: the mean robust cost of the brightness
    /// residuals between it and the other frames (its points seen in them, theirs seen in it),
    /// over the residuals that every candidate keeps in view. The frame pairs are costed across
    /// the cores; their costs are then summed in pair order, as one loop would.
    func newestFrameCosts(_ candidates: [RigidTransform]) -> [Double] {
        let newest = count - 1
        // Pair 2·other: the newest frame's points in `other`; 2·other + 1: `other`'s in the newest.
        let pairCosts = Parallel.map(2 * newest) { pair in
            residualCosts(host: pair % 2 == 0 ? newest : pair / 2, target: pair % 2 == 0 ? pair / 2 : newest,
                          newestFromWorld: candidates)
        }
        var totals = [Double](repeating: 0, count: candidates.count), used = 0
        for costs in pairCosts {
            for (offset, cost) in costs.enumerated() { totals[offset % candidates.count] += cost }
            used += costs.count / candidates.count
        }
        return totals.map { used == 0 ? 0 : $0 / Double(used) }
    }

    /// The robust costs of `host`'s pattern pixels in `target` with the newest frame at each
    /// candidate pose, `candidates.count` per pattern pixel that every candidate sees (pixels in
    /// order, candidates in order within each).
    private func residualCosts(host hostIndex: Int, target targetIndex: Int, newestFromWorld candidates: [RigidTransform]) -> [Double] {
        let host = frames[hostIndex], target = frames[targetIndex], newestIsHost = hostIndex == count - 1
        let k = huberThreshold
        let transforms = candidates.map { candidate in
            newestIsHost ? target.cameraFromWorld * candidate.inverse : candidate * host.cameraFromWorld.inverse
        }
        let patternRays = transforms.map { BundleFrame.patternRays(turnedBy: $0.rotation, intrinsics: intrinsics) }
        var pixels = [SIMD2<Double>](repeating: .zero, count: candidates.count), costs: [Double] = []
        target.image.samples.withUnsafeBufferPointer { samples in
            for p in 0..<host.pointCount {
                let inverseDepth = host.inverseDepths[p], inHost = host.bearings[p] / inverseDepth
                for index in BundleFrame.pattern.indices {
                    var visible = true
                    for c in candidates.indices {
                        let point = transforms[c].apply(inHost) + patternRays[c][index] / inverseDepth
                        guard point.z > 0.05 else { visible = false; break }
                        pixels[c] = intrinsics.project(point)
                        guard target.image.contains(pixels[c]) else { visible = false; break }
                    }
                    guard visible else { continue }
                    let reference = Double(host.references[p * BundleFrame.pattern.count + index])
                    for c in candidates.indices {
                        let residual = abs(Double(GradientImage.sample(samples, width: target.image.width, at: pixels[c])[0]) - reference)
                        costs.append(BundleFrame.robustCost(residual, threshold: k))
                    }
                }
            }
        }
        return costs
    }
}
