import Dispatch
import Datasets
import NeuralNet
import TensorCore

extension Learner {
    /// Trains for `epochs` epochs, validating after each when a validation loader is set.
    ///
    /// Cancellations end their level and the fit goes on from there. Any other error ends the fit:
    /// `failure` is set, `afterFit` is published to every callback, and the error is rethrown.
    /// `afterFit` always reaches every callback, even when one of them throws from it; errors
    /// thrown there are rethrown too, never dropped: one error as itself, several as a
    /// `FitFailure` listing them in the order they happened.
    public func fit(epochs: Int) throws {
        guard epochs >= 0 else { throw LearnerError.negativeEpochs(epochs) }
        epochCount = epochs
        iteration = 0
        epoch = 0
        batchIndex = 0
        cancellation = nil
        fitCancellation = nil
        failure = nil
        validation = nil
        smoother = LossSmoother()
        smoothLoss = .nan
        loss = .nan
        optimizer.zeroGradients()
        startNanoseconds = DispatchTime.now().uptimeNanoseconds
        var errors: [any Error] = []
        do {
            try catchingCancellation(of: .fit) {
                try publish(.beforeFit)
                for e in 0..<epochs {
                    epoch = e
                    try withEvents(.epoch) {
                        try runTrainingPhase()
                        try runValidationPhase()
                    }
                }
            }
        } catch {
            failure = error
            errors.append(error)
        }
        errors += publishToAll(.afterFit)
        guard let first = errors.first else { return }
        if failure == nil { failure = first }
        throw errors.count == 1 ? first : FitFailure(errors: errors)
    }

    /// The loss and metrics of the model on `loader` in evaluation mode, without publishing events
    /// and without changing any state callbacks see.
    public func evaluate(_ loader: DataLoader, epoch: Int = 0) -> ValidationMetrics {
        var accumulator = ValidationMetrics.Accumulator()
        var evalContext = ForwardContext(isTraining: false, rng: context.rng)
        for batch in loader.batches(epoch: epoch) {
            let output = model.forward(batch.inputs, context: &evalContext)
            let batchLoss = lossFunction.forward(output, target: batch.targets)
            accumulator.add(loss: batchLoss, prediction: output, target: batch.targets)
        }
        return accumulator.metrics
    }

    private func runTrainingPhase() throws {
        isTraining = true
        context.isTraining = true
        try withEvents(.train) {
            for (index, batch) in trainLoader.batches(epoch: epoch).enumerated() {
                batchIndex = index
                try runBatch(batch)
            }
        }
    }

    private func runValidationPhase() throws {
        guard let validLoader else { return }
        isTraining = false
        context.isTraining = false
        validation = nil
        validationAccumulator = ValidationMetrics.Accumulator()
        try withEvents(.validate) {
            for (index, batch) in validLoader.batches(epoch: 0).enumerated() {
                batchIndex = index
                try runBatch(batch)
            }
            validation = validationAccumulator.metrics
        }
    }

    private func runBatch(_ nextBatch: Batch) throws {
        batch = nextBatch
        loss = .nan
        // A training batch counts as an iteration once its `afterBatch` begins, also when a
        // callback ends the phase, epoch or fit from there (`StopAfter`, the range test): the
        // next batch, and `afterFit`, see the batches actually done.
        try withEvents(.batch, whenClosed: { if isTraining { iteration += 1 } }) {
            prediction = model.forward(batch.inputs, context: &context)
            try publish(.afterPrediction)
            loss = lossFunction.forward(prediction, target: batch.targets)
            if isTraining {
                smoothLoss = smoother.add(loss)
            } else {
                validationAccumulator.add(loss: loss, prediction: prediction, target: batch.targets)
            }
            try publish(.afterLoss)
            guard isTraining else { return }
            _ = model.backward(lossFunction.backward(), needsInputGradient: false)
            try publish(.afterBackward)
            try withEvents(.step) { optimizer.step() }
            optimizer.zeroGradients()
        }
    }

    /// Runs `body` between the level's opening and closing events (fastai's `_with_events`):
    /// a cancellation of this level is handled by `catchingCancellation`, and the closing event
    /// is published either way. Other errors, including other levels' cancellations, skip it.
    /// `whenClosed` runs once the closing event was published, also when a callback threw from it.
    private func withEvents(_ level: Cancellation.Level, whenClosed: () -> Void = {},
                            _ body: () throws -> Void) throws {
        try catchingCancellation(of: level) {
            try publish(level.beforeEvent)
            try body()
        }
        defer { whenClosed() }
        try publish(level.afterEvent)
    }

    /// The one place cancellations are caught: one of `level` thrown by `body` is recorded in
    /// `cancellation` (and for the fit in `fitCancellation`), its `afterCancel…` event is
    /// published, and it goes no further. Anything else is rethrown unchanged.
    private func catchingCancellation(of level: Cancellation.Level, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let caught as Cancellation where caught.level == level {
            cancellation = caught
            if level == .fit { fitCancellation = caught }
            try publish(level.cancelEvent)
        }
    }
}
