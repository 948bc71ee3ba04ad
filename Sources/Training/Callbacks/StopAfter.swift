/// Cancels the fit once `iterations` training batches have run (the LR finder's fixed sweep).
///
/// Checks in `afterBatch` at `CallbackOrder.stopper`, after the recorders saw the last batch. The
/// outcome is `.stopped`, a planned end; the reason reads `stopped after N iterations`.
public final class StopAfter: Callback {
    public let order = CallbackOrder.stopper
    /// Training batches to run before stopping.
    public let iterations: Int

    public init(iterations: Int) {
        self.iterations = iterations
    }

    /// The reason this callback cancels with.
    public var reason: String { "stopped after \(iterations) iterations" }

    public func beforeFit(_ learner: Learner) throws {
        if iterations <= 0 { throw Cancellation.fit(.stopped, reason: reason) }
    }

    public func afterBatch(_ learner: Learner) throws {
        guard learner.isTraining, learner.iteration + 1 >= iterations else { return }
        throw Cancellation.fit(.stopped, reason: reason)
    }
}
