import TensorCore

extension Adam {
    /// The kind recorded in saved states: `adam`, or `adamw` with decoupled weight decay.
    public var kind: String { decoupledWeightDecay ? "adamw" : "adam" }

    /// Hyper-parameters, the step count and the slots `exp_avg`, `exp_avg_sq` and `step`.
    ///
    /// `step` holds each parameter's own step count as a one-element tensor (as PyTorch's state
    /// does); counts are exact up to 2^24 steps.
    public func saveState() -> OptimizerState {
        OptimizerState(kind: kind, stepCount: stepCount, hyperParameters: groups.map(\.hyperParameters),
                       slots: ["exp_avg": firstMoments.flatMap { $0 },
                               "exp_avg_sq": secondMoments.flatMap { $0 },
                               "step": parameterSteps.flatMap { $0 }.map { Tensor(shape: [1], storage: [Float($0)]) }])
    }

    /// Restores moments, step counts and hyper-parameters; checks everything before changing anything.
    public func restoreState(_ state: OptimizerState) throws {
        try state.validate(kind: kind, groups: groups,
                           slotShapes: ["exp_avg": \.value.shape, "exp_avg_sq": \.value.shape, "step": { _ in [1] }])
        let steps = state.slots["step"]!
        for (index, tensor) in steps.enumerated() {
            let value = tensor.count == 0 ? 0 : tensor.storage[0]
            guard value >= 0, value == value.rounded(), value <= 16_777_216 else {
                throw OptimizerStateError("slot `step` of parameter \(index) holds \(value), not a step count")
            }
        }
        for (index, (m, v)) in zip(state.slots["exp_avg"]!, state.slots["exp_avg_sq"]!).enumerated()
        where (m.count == 0) != (v.count == 0) {
            throw OptimizerStateError("parameter \(index) has only one of `exp_avg` and `exp_avg_sq`")
        }
        var offset = 0
        for (groupIndex, group) in groups.enumerated() {
            let range = offset..<(offset + group.parameters.count)
            group.hyperParameters = state.hyperParameters[groupIndex]
            firstMoments[groupIndex] = Array(state.slots["exp_avg"]![range])
            secondMoments[groupIndex] = Array(state.slots["exp_avg_sq"]![range])
            parameterSteps[groupIndex] = steps[range].map { $0.count == 0 ? 0 : Int($0.storage[0]) }
            offset = range.upperBound
        }
        stepCount = state.stepCount
    }
}
