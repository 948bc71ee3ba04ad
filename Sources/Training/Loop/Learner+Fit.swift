import Dispatch
import Datasets
import NeuralNet
import TensorCore

extension Learner {
    /// Trains for `epochs` epochs, validating after each when a validation loader is set.
    ///
    /// Cancellations end their level and the fit goes on from there. Any other error ends the fit:
    /// `failure` is set, `afterFit` is published to every callback, and the error is rethrown.
    /// `afterFit` always reaches every callback, even when one of them throws from it.
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
        var reachedAfterFit = false
        do {
            do {
                try publish(.beforeFit)
                for e in 0..<epochs {
                    epoch = e
                    try withEvents(.beforeEpoch, .afterEpoch, cancel: .afterCancelEpoch) {
                        try runTrainingPhase()
                        try runValidationPhase()
                    }
                }
            } catch let c as Cancellation where c.cancelEvent == .afterCancelFit {
                cancellation = c
                fitCancellation = c
                try publish(.afterCancelFit)
            }
            reachedAfterFit = true
            try publishToAll(.afterFit)
        } catch {
            failure = error
            if !reachedAfterFit { try? publishToAll(.afterFit) }
            throw error
        }
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
        try withEvents(.beforeTrain, .afterTrain, cancel: .afterCancelTrain) {
            for (index, batch) in trainLoader.batches(epoch: epoch).enumerated() {
                batchIndex = index
                try runBatch(batch)
                iteration += 1
            }
        }
    }

    private func runValidationPhase() throws {
        guard let validLoader else { return }
        isTraining = false
        context.isTraining = false
        validation = nil
        validationAccumulator = ValidationMetrics.Accumulator()
        try withEvents(.beforeValidate, .afterValidate, cancel: .afterCancelValidate) {
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
        try withEvents(.beforeBatch, .afterBatch, cancel: .afterCancelBatch) {
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
            optimizer.step()
            try publish(.afterStep)
            optimizer.zeroGradients()
        }
    }

    /// Runs `body` between two events; a cancellation of this level (named by its cancel event)
    /// publishes that event and is absorbed, and `after` is published either way (fastai's
    /// `_with_events`). Other errors, including other levels' cancellations, skip `after`.
    private func withEvents(_ before: Event, _ after: Event, cancel cancelEvent: Event,
                            _ body: () throws -> Void) throws {
        do {
            try publish(before)
            try body()
        } catch let c as Cancellation where c.cancelEvent == cancelEvent {
            cancellation = c
            try publish(cancelEvent)
        }
        try publish(after)
    }
}
