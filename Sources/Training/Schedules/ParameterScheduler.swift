/// Sets each parameter group's learning rate (and momentum when scheduled) before every training
/// batch from its schedule, like fastai's `ParamScheduler`.
///
/// Values come from `learner.iteration` and `learner.totalIterations`, so the first batch uses
/// the schedule's start. Validation batches leave the hyper-parameters alone. Order
/// `CallbackOrder.schedule`: before the recorders read the rates and before other callbacks use them.
public final class ParameterScheduler: Callback {
    public let order = CallbackOrder.schedule
    /// One learning-rate schedule per parameter group, or one for all groups.
    public let learningRates: [Schedule]
    /// One momentum schedule per parameter group, one for all, or nil to leave momentum alone.
    public let momentums: [Schedule]?

    /// Schedules given per group (one element applies to every group).
    public init(learningRates: [Schedule], momentums: [Schedule]? = nil) {
        self.learningRates = learningRates
        self.momentums = momentums
    }

    /// One schedule for the head; group `g` trains at `multipliers[g]` times it (one element or
    /// empty: the same rate everywhere). See `LearningRateSpread.multipliers`.
    public convenience init(learningRate: Schedule, momentum: Schedule? = nil, multipliers: [Double] = []) {
        let scaled = multipliers.isEmpty ? [learningRate] : multipliers.map { learningRate.scaled(by: $0) }
        self.init(learningRates: scaled, momentums: momentum.map { [$0] })
    }

    /// The head's (last group's) learning-rate schedule, which manifests describe.
    public var headSchedule: Schedule? { learningRates.last }

    public func beforeFit(_ learner: Learner) throws {
        let groups = learner.parameterGroups.count
        guard !learningRates.isEmpty, learningRates.count == 1 || learningRates.count == groups else {
            throw LearnerError.learningRateCount(given: learningRates.count, groups: groups)
        }
        if let momentums, momentums.count != 1, momentums.count != groups {
            throw LearnerError.momentumCount(given: momentums.count, groups: groups)
        }
        apply(to: learner)
    }

    public func beforeBatch(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        apply(to: learner)
    }

    /// The learning rate and momentum group `group` gets at `iteration` of a fit of `total` iterations.
    public func values(group: Int, iteration: Int, totalIterations total: Int) -> (learningRate: Double, momentum: Double?) {
        let lr = learningRates[learningRates.count == 1 ? 0 : group].value(iteration: iteration, totalIterations: total)
        let momentum = momentums.map { $0[$0.count == 1 ? 0 : group].value(iteration: iteration, totalIterations: total) }
        return (lr, momentum)
    }

    private func apply(to learner: Learner) {
        for (index, group) in learner.parameterGroups.enumerated() {
            let v = values(group: index, iteration: learner.iteration, totalIterations: learner.totalIterations)
            group.learningRate = Float(v.learningRate)
            if let momentum = v.momentum { group.momentum = Float(momentum) }
        }
    }
}
