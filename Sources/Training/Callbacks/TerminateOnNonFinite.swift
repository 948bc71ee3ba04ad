/// Cancels the fit as soon as a training loss is NaN or infinite, like fastai's
/// `TerminateOnNaNCallback`.
///
/// Checks in `afterBatch` with order 90, so recorders (order 50) still record the batch that
/// diverged; the fit then ends with `Cancellation.fit(reason: "diverged: loss is nan at iteration 12")`.
public final class TerminateOnNonFinite: Callback {
    public let order = 90

    public init() {}

    public func afterBatch(_ learner: Learner) throws {
        guard learner.isTraining, !learner.loss.isFinite else { return }
        throw Cancellation.fit(reason: "diverged: loss is \(learner.loss) at iteration \(learner.iteration)")
    }
}
