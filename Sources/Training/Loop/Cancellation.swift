/// Thrown by a callback to stop the current batch, phase, epoch or the whole fit.
///
/// The learner catches each level where that level runs (fastai's `_with_events`): it records the
/// cancellation in `Learner.cancellation`, publishes the level's `afterCancel…` event, then the
/// level's closing `after…` event, and carries on with what follows that level. A cancellation
/// thrown from a level it does not belong to travels outwards until its own level catches it (a
/// `.fit` thrown in `afterBatch` skips `afterTrain`, validation and `afterEpoch`).
///
/// Reasons are read by people and by the recorders, which derive a run's status from them:
/// - a reason starting with `diverged` (for example `diverged: loss is nan at iteration 12`) marks
///   a run that blew up: status `diverged`;
/// - a reason starting with `interrupted` (for example `interrupted by SIGINT`) marks a run the
///   user stopped: status `interrupted`;
/// - a reason starting with `stopped` (for example `stopped after 100 iterations`, from
///   `StopAfter`) is a planned end: the run's owner decides whether that counts as `completed`;
/// - any other reason: status `cancelled`.
/// `Cancellation.outcome` applies exactly these rules.
public enum Cancellation: Error, Equatable, CustomStringConvertible {
    case batch(reason: String)
    case train(reason: String)
    case validate(reason: String)
    case epoch(reason: String)
    case fit(reason: String)

    /// What a cancellation reason says about how the run ended.
    public enum Outcome: String, Sendable {
        case diverged, interrupted, stopped, cancelled
    }

    /// The reason given by the callback that cancelled.
    public var reason: String {
        switch self {
        case .batch(let r), .train(let r), .validate(let r), .epoch(let r), .fit(let r): return r
        }
    }

    /// The outcome the reason's first word names (see the type's documentation).
    public var outcome: Outcome {
        let r = reason
        if r.hasPrefix("diverged") { return .diverged }
        if r.hasPrefix("interrupted") { return .interrupted }
        if r.hasPrefix("stopped") { return .stopped }
        return .cancelled
    }

    /// The `afterCancel…` event published when this cancellation is caught.
    public var cancelEvent: Event {
        switch self {
        case .batch: return .afterCancelBatch
        case .train: return .afterCancelTrain
        case .validate: return .afterCancelValidate
        case .epoch: return .afterCancelEpoch
        case .fit: return .afterCancelFit
        }
    }

    public var description: String {
        switch self {
        case .batch(let r): return "batch cancelled: \(r)"
        case .train(let r): return "training phase cancelled: \(r)"
        case .validate(let r): return "validation cancelled: \(r)"
        case .epoch(let r): return "epoch cancelled: \(r)"
        case .fit(let r): return "fit cancelled: \(r)"
        }
    }
}
