import LRFinder
import Training

/// Cancels a fit at the next batch once `InterruptHandler` caught Ctrl-C or SIGTERM, without
/// installing handlers itself, so parallel runs can share the handler the command installed once.
/// The outcome is `.interrupted`, the reason `interrupted by SIGINT` (or `SIGTERM`).
public final class InterruptCheck: Callback {
    public let order = CallbackOrder.interrupt

    public init() {}

    public func beforeBatch(_ learner: Learner) throws {
        guard let signal = InterruptHandler.pendingSignal else { return }
        throw Cancellation.fit(.interrupted, reason: "interrupted by \(InterruptHandler.name(of: signal))")
    }
}
