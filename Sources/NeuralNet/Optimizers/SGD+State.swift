import TensorCore

extension SGD {
    /// The kind recorded in saved states.
    public static let kind = "sgd"

    /// Hyper-parameters of every group, the step count and the `momentum_buffer` slot.
    public func saveState() -> OptimizerState {
        OptimizerState(kind: Self.kind, stepCount: stepCount, hyperParameters: groups.map(\.hyperParameters),
                       slots: ["momentum_buffer": momentumBuffers.flatMap { $0 }])
    }

    /// Restores buffers, hyper-parameters and the step count; checks everything before changing anything.
    public func restoreState(_ state: OptimizerState) throws {
        try state.validate(kind: Self.kind, groups: groups, slotShapes: ["momentum_buffer": \.value.shape])
        var buffers = state.slots["momentum_buffer"]![...]
        for (groupIndex, group) in groups.enumerated() {
            group.hyperParameters = state.hyperParameters[groupIndex]
            momentumBuffers[groupIndex] = Array(buffers.prefix(group.parameters.count))
            buffers = buffers.dropFirst(group.parameters.count)
        }
        stepCount = state.stepCount
    }
}
