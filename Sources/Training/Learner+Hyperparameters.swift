import NeuralNet

extension Learner {
    /// The optimizer's parameter groups (body first, head last), whose hyper-parameters schedules set.
    public var parameterGroups: [ParameterGroup] { optimizer.groups }

    /// Sets one learning rate per parameter group, or the same rate for all when given one value.
    public func setLearningRates(_ rates: [Float]) throws {
        let groups = optimizer.groups
        guard rates.count == groups.count || rates.count == 1 else {
            throw LearnerError.learningRateCount(given: rates.count, groups: groups.count)
        }
        for (index, group) in groups.enumerated() {
            group.learningRate = rates.count == 1 ? rates[0] : rates[index]
        }
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
        let groups = optimizer.groups
        guard values.count == groups.count || values.count == 1 else {
            throw LearnerError.momentumCount(given: values.count, groups: groups.count)
        }
        for (index, group) in groups.enumerated() {
            group.momentum = values.count == 1 ? values[0] : values[index]
        }
    }
}
