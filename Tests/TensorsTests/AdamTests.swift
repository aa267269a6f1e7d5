import Testing
@testable import Tensors

@Suite struct AdamTests {
    /// Five steps with fixed gradients, weight decay 0.1, against torch.optim.Adam.
    @Test func stepsMatchPyTorch() {
        let parameter = ConvFixtures.tensor("adam.initial", requiresGradient: true)
        let gradients = ConvFixtures.tensor("adam.gradients").values
        let optimiser = Adam(parameters: [("p", parameter)], learningRate: 1e-2, weightDecay: 0.1)
        for step in 0..<5 {
            optimiser.zeroGradients()
            parameter.gradientBuffer().pointer.update(from: Array(gradients[(step * 10)..<((step + 1) * 10)]), count: 10)
            optimiser.step()
        }
        #expect(optimiser.stepCount == 5)
        #expect(ConvFixtures.maximumDifference(parameter, ConvFixtures.tensor("adam.final")) < 1e-6)
        let state = optimiser.stateTensors()
        #expect(ConvFixtures.maximumDifference(state["adam.m.p"]!, ConvFixtures.tensor("adam.m")) < 1e-6)
        #expect(ConvFixtures.maximumDifference(state["adam.v.p"]!, ConvFixtures.tensor("adam.v")) < 1e-6)
    }

    @Test func parametersWithoutGradientsAreLeftAlone() {
        let parameter = Tensor(shape: [2], values: [1, 2], requiresGradient: true)
        let optimiser = Adam(parameters: [("p", parameter)], learningRate: 0.1)
        optimiser.step()
        #expect(parameter.values == [1, 2])
    }

    @Test func restoredStateContinuesIdentically() throws {
        func makeRun() -> (Tensor, Adam) {
            let parameter = Tensor(shape: [3], values: [0.5, -1, 2], requiresGradient: true)
            return (parameter, Adam(parameters: [("layer.weight", parameter)], learningRate: 0.05))
        }
        func step(_ parameter: Tensor, _ optimiser: Adam) {
            optimiser.zeroGradients()
            // gradient of Σ p²
            for index in 0..<3 { parameter.gradientBuffer().pointer[index] = 2 * parameter.storage.pointer[index] }
            optimiser.step()
        }
        let (original, optimiser) = makeRun()
        for _ in 0..<3 { step(original, optimiser) }
        let (restored, resumed) = makeRun()
        try loadParameters([("layer.weight", restored)], from: ["layer.weight": original.detached()])
        try resumed.loadState(optimiser.stateTensors(), stepCount: optimiser.stepCount)
        step(original, optimiser); step(restored, resumed)
        #expect(restored.values == original.values)
        #expect(resumed.stepCount == 4)
    }

    @Test func loadingStateReportsMissingAndMisshapenTensors() {
        let optimiser = Adam(parameters: [("depth.pre.conv.weight", Tensor.zeros([2, 3], requiresGradient: true))], learningRate: 1)
        #expect(throws: ParameterLoadingError.missingTensor(name: "adam.m.depth.pre.conv.weight")) {
            try optimiser.loadState([:], stepCount: 1)
        }
        let wrong = ["adam.m.depth.pre.conv.weight": Tensor.zeros([3, 2]), "adam.v.depth.pre.conv.weight": Tensor.zeros([2, 3])]
        do {
            try optimiser.loadState(wrong, stepCount: 1)
            Issue.record("loadState accepted a misshapen tensor")
        } catch {
            #expect("\(error)" == "tensor \"adam.m.depth.pre.conv.weight\" has shape [3, 2], expected [2, 3]")
        }
        #expect(optimiser.stepCount == 0)
    }

    @Test func stepScheduleDecaysEveryStepSizeSteps() {
        let schedule = StepSchedule(baseLearningRate: 2e-4, stepSize: 30, gamma: 0.5)
        #expect(schedule.learningRate(atStep: 0) == 2e-4)
        #expect(schedule.learningRate(atStep: 29) == 2e-4)
        #expect(schedule.learningRate(atStep: 30) == 1e-4)
        #expect(schedule.learningRate(atStep: 65) == 5e-5)
    }
}
