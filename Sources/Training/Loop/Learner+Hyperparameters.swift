import NeuralNet

extension Learner {
    /// The optimizer's parameter groups (body first, head last), whose hyper-parameters schedules set.
    public var parameterGroups: [ParameterGroup] { optimizer.groups }

    /// Sets one learning rate per parameter group, or the same rate for all when given one value.
    public func setLearningRates(_ rates: [Float]) throws {
        try setPerGroup(\.learningRate, to: rates, wrongCount: LearnerError.learningRateCount)
    }

    /// Sets the learning rate of every parameter group.
    public func setLearningRate(_ rate: Float) {
        for group in optimizer.groups { group.learningRate = rate }
    }

    /// Sets the learning rate of the parameter group at `index`.
    public func setLearningRate(_ rate: Float, group index: Int) throws {
        let groups = optimizer.groups
        guard groups.indices.contains(index) else { throw LearnerError.groupIndex(index, groups: groups.count) }
        groups[index].learningRate = rate
    }

    /// Sets one momentum (Adam's beta1) per parameter group, or the same for all when given one value.
    public func setMomentums(_ values: [Float]) throws {
        try setPerGroup(\.momentum, to: values, wrongCount: LearnerError.momentumCount)
    }

    /// Sets `hyperParameter` of each group from `values`, one per group or one for all; otherwise
    /// throws `wrongCount(given:groups:)`.
    private func setPerGroup(_ hyperParameter: ReferenceWritableKeyPath<ParameterGroup, Float>, to values: [Float],
                             wrongCount: (_ given: Int, _ groups: Int) -> LearnerError) throws {
        let groups = optimizer.groups
        guard values.count == groups.count || values.count == 1 else {
            throw wrongCount(values.count, groups.count)
        }
        for (index, group) in groups.enumerated() {
            group[keyPath: hyperParameter] = values.count == 1 ? values[0] : values[index]
        }
    }
}
