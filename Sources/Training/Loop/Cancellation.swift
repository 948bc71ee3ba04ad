/// Thrown by a callback to end part of a fit early: the optimizer step, a batch, a phase, an
/// epoch or the whole fit.
///
/// The learner catches each level where that level runs (fastai's `_with_events`, in one place):
/// it records the cancellation in `Learner.cancellation`, publishes the level's `afterCancel…`
/// event, then the level's closing `after…` event, and carries on with what follows that level.
/// A cancellation thrown from a level it does not belong to travels outwards until its own level
/// catches it (a `.fit` thrown in `afterBatch` skips `afterTrain`, validation and `afterEpoch`);
/// one whose level does not enclose the place it was thrown from (a `.step` thrown in
/// `afterStep`, a `.batch` thrown in `afterTrain`) ends the fit as a failure.
///
/// Every cancellation says what it means for the run in `outcome`; `reason` is a sentence for
/// people (console lines, `events.jsonl`) and is never parsed. Only the cancellation that ends
/// the fit (`Learner.fitCancellation`) decides a run's status; see `ManifestRecorder.status(of:)`.
public struct Cancellation: Error, Equatable, Sendable, CustomStringConvertible {
    /// What a cancellation ends, from the innermost level out.
    public enum Level: String, CaseIterable, Sendable {
        /// The optimizer step of a training batch (fastai's `CancelStepException`): thrown in
        /// `beforeStep`, the parameters are not updated; gradients are still zeroed.
        case step
        /// The rest of the batch; `afterBatch` follows and the iteration still counts.
        case batch
        /// The rest of the training phase; validation still runs.
        case train
        /// The rest of the validation phase; `Learner.validation` stays nil.
        case validate
        /// The rest of the epoch, validation included; the next epoch runs.
        case epoch
        /// Everything: `afterCancelFit`, then `afterFit`.
        case fit

        /// The event that opens the level.
        public var beforeEvent: Event {
            switch self {
            case .step: return .beforeStep
            case .batch: return .beforeBatch
            case .train: return .beforeTrain
            case .validate: return .beforeValidate
            case .epoch: return .beforeEpoch
            case .fit: return .beforeFit
            }
        }

        /// The event that closes the level, also after a cancellation of it.
        public var afterEvent: Event {
            switch self {
            case .step: return .afterStep
            case .batch: return .afterBatch
            case .train: return .afterTrain
            case .validate: return .afterValidate
            case .epoch: return .afterEpoch
            case .fit: return .afterFit
            }
        }

        /// The event published when a cancellation of this level is caught.
        public var cancelEvent: Event {
            switch self {
            case .step: return .afterCancelStep
            case .batch: return .afterCancelBatch
            case .train: return .afterCancelTrain
            case .validate: return .afterCancelValidate
            case .epoch: return .afterCancelEpoch
            case .fit: return .afterCancelFit
            }
        }
    }

    /// What the cancelling callback says about the end it causes.
    public enum Outcome: String, CaseIterable, Sendable {
        /// A planned end: the callback did what it was set up to do (`StopAfter` after its
        /// iterations, the LR range test at its last rung or at its own divergence rule). A run
        /// that ends this way is `completed`.
        case stopped
        /// The loss blew up (`TerminateOnNonFinite`); the run is `diverged`.
        case diverged
        /// A person stopped the run (Ctrl-C or SIGTERM: `InterruptHandler`, `InterruptCheck`);
        /// the run is `interrupted`.
        case interrupted
        /// The callback found that the run cannot usefully go on (bad data, a broken invariant)
        /// and ends it cleanly; the run is `failed`, with the reason as its error.
        case failed
        /// An early end for a reason of the callback's own (early stopping, a skipped batch);
        /// a run ended this way is `cancelled`.
        case cancelled
    }

    /// What this cancellation ends.
    public let level: Level
    /// What it means for the run.
    public let outcome: Outcome
    /// Why, in words, for people.
    public let reason: String

    public init(_ level: Level, outcome: Outcome, reason: String) {
        self.level = level
        self.outcome = outcome
        self.reason = reason
    }

    /// Skips the optimizer step of this batch (throw it in `beforeStep`).
    public static func step(_ outcome: Outcome = .cancelled, reason: String) -> Cancellation {
        Cancellation(.step, outcome: outcome, reason: reason)
    }

    /// Skips the rest of this batch.
    public static func batch(_ outcome: Outcome = .cancelled, reason: String) -> Cancellation {
        Cancellation(.batch, outcome: outcome, reason: reason)
    }

    /// Skips the rest of this training phase.
    public static func train(_ outcome: Outcome = .cancelled, reason: String) -> Cancellation {
        Cancellation(.train, outcome: outcome, reason: reason)
    }

    /// Skips the rest of this validation phase.
    public static func validate(_ outcome: Outcome = .cancelled, reason: String) -> Cancellation {
        Cancellation(.validate, outcome: outcome, reason: reason)
    }

    /// Skips the rest of this epoch.
    public static func epoch(_ outcome: Outcome = .cancelled, reason: String) -> Cancellation {
        Cancellation(.epoch, outcome: outcome, reason: reason)
    }

    /// Ends the fit. The outcome has no default: it becomes the run's status.
    public static func fit(_ outcome: Outcome, reason: String) -> Cancellation {
        Cancellation(.fit, outcome: outcome, reason: reason)
    }

    /// The `afterCancel…` event published when this cancellation is caught.
    public var cancelEvent: Event { level.cancelEvent }

    public var description: String {
        switch level {
        case .step: return "step cancelled: \(reason)"
        case .batch: return "batch cancelled: \(reason)"
        case .train: return "training phase cancelled: \(reason)"
        case .validate: return "validation cancelled: \(reason)"
        case .epoch: return "epoch cancelled: \(reason)"
        case .fit: return "fit cancelled (\(outcome.rawValue)): \(reason)"
        }
    }
}
