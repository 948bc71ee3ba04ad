/// The fixed list of moments at which the learner calls its callbacks, in the order of a fit.
///
/// A fit publishes `beforeFit`, then per epoch `beforeEpoch`, the training phase (`beforeTrain`,
/// per batch `beforeBatch` `afterPrediction` `afterLoss` `afterBackward` `beforeStep`
/// `afterStep` `afterBatch`, then `afterTrain`), the validation phase (`beforeValidate`, per batch
/// `beforeBatch` `afterPrediction` `afterLoss` `afterBatch`, then `afterValidate`), `afterEpoch`,
/// and finally `afterFit`. When a callback throws a `Cancellation`, the matching `afterCancel…`
/// event is published and the level's closing event still follows (as in fastai).
public enum Event: String, CaseIterable, Sendable {
    case beforeFit = "before_fit"
    case beforeEpoch = "before_epoch"
    case beforeTrain = "before_train"
    case beforeValidate = "before_validate"
    case beforeBatch = "before_batch"
    case afterPrediction = "after_pred"
    case afterLoss = "after_loss"
    case afterBackward = "after_backward"
    case beforeStep = "before_step"
    case afterCancelStep = "after_cancel_step"
    case afterStep = "after_step"
    case afterCancelBatch = "after_cancel_batch"
    case afterBatch = "after_batch"
    case afterCancelTrain = "after_cancel_train"
    case afterTrain = "after_train"
    case afterCancelValidate = "after_cancel_validate"
    case afterValidate = "after_validate"
    case afterCancelEpoch = "after_cancel_epoch"
    case afterEpoch = "after_epoch"
    case afterCancelFit = "after_cancel_fit"
    case afterFit = "after_fit"

    /// The events published once per batch (fastai's inner loop), training and validation; a
    /// callback whose `runsDuringValidation` is false does not receive them while validating.
    public static let batchEvents: Set<Event> = Set(allCases.filter(\.isBatchEvent))

    /// Whether this event is published once per batch (see `batchEvents`).
    public var isBatchEvent: Bool {
        switch self {
        case .beforeBatch, .afterPrediction, .afterLoss, .afterBackward, .beforeStep, .afterCancelStep, .afterStep,
             .afterCancelBatch, .afterBatch:
            return true
        default:
            return false
        }
    }

    /// Whether this is one of the `afterCancel…` events.
    public var isCancelEvent: Bool {
        switch self {
        case .afterCancelStep, .afterCancelBatch, .afterCancelTrain, .afterCancelValidate, .afterCancelEpoch,
             .afterCancelFit:
            return true
        default:
            return false
        }
    }
}
