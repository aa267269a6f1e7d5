import Foundation
import Geometry
import Reconstruction
import Sequences
import Testing

@Suite struct DepthBenchmarkTests {
    let scenes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenes")

    /// The ground-truth walk of an evaluation scene (turns, sweeps and pitch jitter, so a wrong
    /// chaining order or direction would show).
    func groundTruth(frames: Int) throws -> [RigidTransform] {
        try Scene.load(scenes.appendingPathComponent("living_room.json")).cameraPoses(frameCount: frames).map(\.worldFromCamera)
    }

    @Test func mixingMotionsTellsWhichHalfTheErrorComesFrom() throws {
        let truth = try groundTruth(frames: 100)
        let exact = zip(truth, truth.dropFirst()).map { $0.inverse * $1 }
        // sideways motion read backwards, turns a little too weak: errors in both halves
        let wrong = exact.map { motion in
            RigidTransform(rotation: Matrix3.rotation(axisAngle: motion.rotation.axisAngle * 0.8),
                           translation: motion.translation * SIMD3(-1, 1, 1))
        }
        func ate(_ motions: [RigidTransform]) -> Double {
            DepthBenchmark.snippetErrors(motions: motions, groundTruth: truth, snippetLength: 100)[0].atePercentOfPath
        }
        #expect(ate(DepthBenchmark.motions(rotationsOf: exact, translationsOf: exact)) < 1e-9)
        let rotationsOnly = ate(DepthBenchmark.motions(rotationsOf: wrong, translationsOf: exact))
        let translationsOnly = ate(DepthBenchmark.motions(rotationsOf: exact, translationsOf: wrong))
        #expect(rotationsOnly > 0.5 && translationsOnly > 5 && ate(wrong) > 5, "\(rotationsOnly) \(translationsOnly) \(ate(wrong))")
    }

    @Test func theDirectionErrorExposesAConstantTranslation() throws {
        let truth = try groundTruth(frames: 100)
        let exact = zip(truth, truth.dropFirst()).map { $0.inverse * $1 }
        let meanLength = exact.map { length($0.translation) }.reduce(0, +) / Double(exact.count)
        // the true turns, and "forward" at the mean speed whichever way the camera moves
        let forward = exact.map { RigidTransform(rotation: $0.rotation, translation: SIMD3(0, 0, meanLength)) }
        #expect(DepthBenchmark.medianDirectionErrorDegrees(exact, exact) < 1e-6)
        let constantError = DepthBenchmark.medianDirectionErrorDegrees(forward, exact)
        let constantAte = DepthBenchmark.snippetErrors(motions: forward, groundTruth: truth, snippetLength: 100)[0].atePercentOfPath
        // 60° off, yet chained with the true turns this walk's path passes the 5 % ATE target (3.8 %)
        #expect(constantError > 40 && constantAte < 5, "\(constantError) \(constantAte)")
    }

    @Test func chainingTheTrueSourceFromTargetMotionsGivesZeroATE() throws {
        let truth = try groundTruth(frames: 150)
        // T_source←target with source = frame i, target = frame i + 1 maps frame i + 1's camera
        // coordinates into frame i's: (world←i)⁻¹ · (world←i+1).
        let motions = zip(truth, truth.dropFirst()).map { $0.inverse * $1 }
        let chained = TrajectoryChaining.worldFromCamera(motions: motions, first: truth[0])
        for (estimate, exact) in zip(chained, truth) {
            #expect(length(estimate.translation - exact.translation) < 1e-9)
        }
        let snippets = DepthBenchmark.snippetErrors(motions: motions, groundTruth: truth, snippetLength: 100)
        #expect(snippets.count == 2 && snippets.map(\.poseCount) == [100, 50])
        #expect(snippets.allSatisfy { $0.ateRMSE < 1e-9 && $0.pathLength > 0.5 })
    }

    @Test func theOppositeConventionIsDetected() throws {
        let truth = try groundTruth(frames: 100)
        let inverted = zip(truth, truth.dropFirst()).map { ($0.inverse * $1).inverse }
        let snippets = DepthBenchmark.snippetErrors(motions: inverted, groundTruth: truth, snippetLength: 100)
        #expect(snippets[0].atePercentOfPath > 5)
    }

    @Test func aShortLastSnippetIsDropped() throws {
        let truth = try groundTruth(frames: 102)
        let motions = zip(truth, truth.dropFirst()).map { $0.inverse * $1 }
        #expect(DepthBenchmark.snippetErrors(motions: motions, groundTruth: truth, snippetLength: 50).map(\.poseCount) == [50, 50])
    }

    @Test func targetsCompareInTheRightDirection() {
        #expect(DepthTarget(name: "a", value: 0.12, threshold: 0.12, atMost: true).passed)
        #expect(!DepthTarget(name: "a", value: 0.13, threshold: 0.12, atMost: true).passed)
        #expect(DepthTarget(name: "d", value: 0.9, threshold: 0.85, atMost: false).passed)
        #expect(!DepthTarget(name: "d", value: 0.8, threshold: 0.85, atMost: false).passed)
    }
}
