/// A plug-in that observes or steers training.
///
/// Every method defaults to doing nothing, so a callback implements only the events it needs. The
/// learner calls callbacks in ascending `order` (ties keep the order they were added in); pick a
/// place relative to the built-in callbacks with `CallbackOrder`. A callback may read and change
/// the learner's state (for example a schedule sets learning rates in `beforeBatch`) and may throw
/// a `Cancellation` to skip the optimizer step or end a batch, phase, epoch or the fit. Any other
/// error ends the fit and is rethrown by `Learner.fit` after `afterFit` ran.
///
/// A callback that writes files finishes them in `afterFit`, which every fit publishes exactly
/// once to every callback, also after a cancellation or a failure; an error it throws there is
/// not swallowed: `Learner.fit` rethrows it (see `FitFailure` when several errors occurred).
public protocol Callback: AnyObject {
    /// Position among callbacks: lower runs first. See `CallbackOrder` for the built-in places.
    var order: Int { get }

    /// Whether the callback receives the per-batch events (`Event.batchEvents`) of the
    /// validation phase; false is fastai's `run_valid = False`. Phase, epoch and fit events
    /// (`beforeValidate`, `afterValidate`, …) always arrive.
    var runsDuringValidation: Bool { get }

    /// Receives every event; the default forwards to the method named after the event.
    /// Implement this instead of the named methods to see all events (as the JSON recorder does).
    func handle(_ event: Event, learner: Learner) throws

    func beforeFit(_ learner: Learner) throws
    func beforeEpoch(_ learner: Learner) throws
    func beforeTrain(_ learner: Learner) throws
    func beforeValidate(_ learner: Learner) throws
    func beforeBatch(_ learner: Learner) throws
    func afterPrediction(_ learner: Learner) throws
    func afterLoss(_ learner: Learner) throws
    func afterBackward(_ learner: Learner) throws
    /// Training batches only: after `afterBackward`, just before the optimizer step; throw
    /// `Cancellation.step` here to skip the step.
    func beforeStep(_ learner: Learner) throws
    func afterStep(_ learner: Learner) throws
    func afterBatch(_ learner: Learner) throws
    func afterTrain(_ learner: Learner) throws
    func afterValidate(_ learner: Learner) throws
    func afterEpoch(_ learner: Learner) throws
    func afterFit(_ learner: Learner) throws
    /// Called for each `afterCancel…` event with the cancellation that caused it.
    func afterCancel(_ cancellation: Cancellation, learner: Learner) throws
}

extension Callback {
    public var order: Int { CallbackOrder.standard }

    public var runsDuringValidation: Bool { true }

    public func handle(_ event: Event, learner: Learner) throws {
        switch event {
        case .beforeFit: try beforeFit(learner)
        case .beforeEpoch: try beforeEpoch(learner)
        case .beforeTrain: try beforeTrain(learner)
        case .beforeValidate: try beforeValidate(learner)
        case .beforeBatch: try beforeBatch(learner)
        case .afterPrediction: try afterPrediction(learner)
        case .afterLoss: try afterLoss(learner)
        case .afterBackward: try afterBackward(learner)
        case .beforeStep: try beforeStep(learner)
        case .afterStep: try afterStep(learner)
        case .afterBatch: try afterBatch(learner)
        case .afterTrain: try afterTrain(learner)
        case .afterValidate: try afterValidate(learner)
        case .afterEpoch: try afterEpoch(learner)
        case .afterFit: try afterFit(learner)
        case .afterCancelStep, .afterCancelBatch, .afterCancelTrain, .afterCancelValidate, .afterCancelEpoch,
             .afterCancelFit:
            if let cancellation = learner.cancellation { try afterCancel(cancellation, learner: learner) }
        }
    }

    public func beforeFit(_ learner: Learner) throws {}
    public func beforeEpoch(_ learner: Learner) throws {}
    public func beforeTrain(_ learner: Learner) throws {}
    public func beforeValidate(_ learner: Learner) throws {}
    public func beforeBatch(_ learner: Learner) throws {}
    public func afterPrediction(_ learner: Learner) throws {}
    public func afterLoss(_ learner: Learner) throws {}
    public func afterBackward(_ learner: Learner) throws {}
    public func beforeStep(_ learner: Learner) throws {}
    public func afterStep(_ learner: Learner) throws {}
    public func afterBatch(_ learner: Learner) throws {}
    public func afterTrain(_ learner: Learner) throws {}
    public func afterValidate(_ learner: Learner) throws {}
    public func afterEpoch(_ learner: Learner) throws {}
    public func afterFit(_ learner: Learner) throws {}
    public func afterCancel(_ cancellation: Cancellation, learner: Learner) throws {}
}
