import Geometry
import Imaging
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
    /// over the residuals that every candidate keeps in view.
    func newestFrameCosts(_ candidates: [RigidTransform]) -> [Double] {
        let newest = count - 1
        let k = huberThreshold
        var totals = [Double](repeating: 0, count: candidates.count), used = 0
        var pixels = [SIMD2<Double>](repeating: .zero, count: candidates.count)
        for other in 0..<newest {
            for newestIsHost in [true, false] {
                let host = newestIsHost ? frames[newest] : frames[other]
                let target = newestIsHost ? frames[other] : frames[newest]
                let transforms = candidates.map { candidate in
                    newestIsHost ? target.cameraFromWorld * candidate.inverse : candidate * host.cameraFromWorld.inverse
                }
                let patternRays = transforms.map { BundleFrame.patternRays(turnedBy: $0.rotation, intrinsics: intrinsics) }
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
                                totals[c] += BundleFrame.robustCost(residual, threshold: k)
                            }
                            used += 1
                        }
                    }
                }
            }
        }
        return totals.map { used == 0 ? 0 : $0 / Double(used) }
    }
}
