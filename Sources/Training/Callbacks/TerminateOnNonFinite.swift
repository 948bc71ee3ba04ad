/// Cancels the fit as soon as a training loss is NaN or infinite, like fastai's
/// `TerminateOnNaNCallback`.
///
/// Checks in `afterBatch` at `CallbackOrder.stopper`, so the recorders still record the batch that
/// diverged; the fit then ends with outcome `.diverged` and a reason such as
/// `diverged: loss is nan at iteration 12`.
public final class TerminateOnNonFinite: Callback {
    public let order = CallbackOrder.stopper

    public init() {}

    public func afterBatch(_ learner: Learner) throws {
        guard learner.isTraining, !learner.loss.isFinite else { return }
        throw Cancellation.fit(.diverged, reason: "diverged: loss is \(learner.loss) at iteration \(learner.iteration)")
    }
}
