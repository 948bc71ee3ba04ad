import ArtifactSchema
import Training

/// Writes `events.jsonl`: one JSON object per published event, members in a fixed order
/// (see docs/artifacts.md for the members of each event).
///
/// Lines are appended as the run goes: the lines of a batch are handed to the operating system
/// at its `after_batch`, other events at once, so an interrupted run keeps all lines up to its
/// last finished batch. Later fits with the same recorder are appended, their `iteration` and
/// `epoch` counted on from the earlier fits.
public final class JSONEventRecorder: Callback {
    public let order = CallbackOrder.recorder
    public let directory: RunDirectory
    public let filter: EventFilter
    /// Whether `after_epoch` and `after_fit` carry `elapsed` seconds (the only members that
    /// differ between two identical runs).
    public let includesElapsed: Bool
    private var file: AppendingFile?
    private var buffer = ""
    private var progress = RunProgress()

    public init(directory: RunDirectory, filter: EventFilter = .all, includesElapsed: Bool = true) {
        self.directory = directory
        self.filter = filter
        self.includesElapsed = includesElapsed
    }

    public func handle(_ event: Event, learner: Learner) throws {
        if event == .beforeFit {
            file = try AppendingFile(path: directory.path(for: RunFiles.events), truncating: progress.isFirstFit)
            buffer = ""
            progress.beginFit()
        }
        if filter.includes(event) { buffer += line(for: event, learner: learner) + "\n" }
        if event == .afterBatch || !EventFilter.batchEvents.contains(event) || buffer.utf8.count > 65_536 {
            try flush()
        }
        if event == .afterFit {
            progress.endFit(learner)
            let finished = file
            file = nil
            try finished?.finish()
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty, let file else { return }
        let text = buffer
        buffer = ""
        try file.append(text)
    }

    /// The JSON object for `event` in the learner's current state.
    func line(for event: Event, learner: Learner) -> String {
        var object = JSONObjectText()
        object.add("event", event.rawValue)
        object.add("iteration", progress.iteration(learner))
        switch event {
        case .beforeFit:
            object.add("epochs", learner.epochCount)
            object.add("iterationsPerEpoch", learner.iterationsPerEpoch)
            object.add("lrs", learner.learningRates)
            object.add("momentums", learner.momentums)
        case .beforeBatch, .afterPrediction, .afterLoss, .afterBackward, .beforeStep, .afterCancelStep, .afterStep,
             .afterCancelBatch, .afterBatch:
            object.add("epoch", progress.epoch(learner))
            object.add("phase", learner.isTraining ? "train" : "valid")
            object.add("batch", learner.batchIndex)
            addBatchMembers(event, learner: learner, to: &object)
        case .afterValidate:
            object.add("epoch", progress.epoch(learner))
            if let validation = learner.validation {
                object.add("validLoss", validation.loss)
                if let accuracy = validation.accuracy { object.add("accuracy", accuracy) }
                if let errorRate = validation.errorRate { object.add("errorRate", errorRate) }
            }
        case .afterEpoch:
            object.add("epoch", progress.epoch(learner))
            if includesElapsed { object.add("elapsed", Self.milliseconds(learner.elapsedSeconds)) }
        case .afterFit:
            object.add("epoch", progress.epoch(learner))
            if let reason = learner.fitCancellation?.reason { object.add("reason", reason) }
            if let failure = learner.failure { object.add("error", String(describing: failure)) }
            if includesElapsed { object.add("elapsed", Self.milliseconds(learner.elapsedSeconds)) }
        case .beforeEpoch, .beforeTrain, .afterTrain, .beforeValidate,
             .afterCancelTrain, .afterCancelValidate, .afterCancelEpoch, .afterCancelFit:
            object.add("epoch", progress.epoch(learner))
        }
        if event.isCancelEvent, let cancellation = learner.cancellation {
            object.add("reason", cancellation.reason)
        }
        return object.result
    }

    private func addBatchMembers(_ event: Event, learner: Learner, to object: inout JSONObjectText) {
        switch event {
        case .beforeBatch:
            object.add("batchSize", learner.batch.count)
        case .afterLoss, .afterBatch:
            if event == .afterBatch { object.add("batchSize", learner.batch.count) }
            object.add("loss", learner.loss)
            guard learner.isTraining else { return }
            object.add("smoothLoss", learner.smoothLoss)
            if event == .afterBatch {
                object.add("lrs", learner.learningRates)
                object.add("momentums", learner.momentums)
            }
        default:
            break
        }
    }

    private static func milliseconds(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}
