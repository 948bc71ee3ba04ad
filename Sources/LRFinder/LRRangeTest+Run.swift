import Training

extension LRRangeTest {
    /// Adds the test to `learner`, runs it with enough epochs for every rung, and returns the
    /// recorded points; the model, optimizer and random stream are restored even when the fit throws.
    ///
    /// - Throws: `RangeTestError` when the training data has no batch, or the fit's error.
    @discardableResult
    public func run(on learner: Learner) throws -> [RangeTestPoint] {
        let perEpoch = learner.trainLoader.batchCount
        guard perEpoch > 0 else {
            throw RangeTestError.noTrainingBatch(examples: learner.trainLoader.dataset.count,
                                                 batchSize: learner.trainLoader.batchSize)
        }
        learner.add(self)
        do {
            try learner.fit(epochs: settings.totalBatches / perEpoch + 1)
        } catch {
            learner.remove(self)
            if outcome == nil { outcome = .failed(String(describing: error)) }
            try restore(learner)
            throw error
        }
        // afterFit restored already unless an earlier callback kept it from running.
        learner.remove(self)
        try restore(learner)
        return points
    }
}
