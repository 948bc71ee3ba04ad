import Dispatch
import Datasets
import NeuralNet
import TensorCore

extension Learner {
    /// Trains for `epochs` epochs, validating after each when a validation loader is set.
    ///
    /// Cancellations end their level and the fit goes on from there; any other error ends the fit:
    /// `failure` is set, `afterFit` is published, and the error is rethrown.
    public func fit(epochs: Int) throws {
        precondition(epochs >= 0, "epochs must not be negative")
        epochCount = epochs
        iteration = 0
        epoch = 0
        cancellation = nil
        failure = nil
        smoother = LossSmoother()
        smoothLoss = .nan
        startNanoseconds = DispatchTime.now().uptimeNanoseconds
        do {
            try withEvents(.beforeFit, .afterFit, cancel: .afterCancelFit, catching: { if case .fit = $0 { true } else { false } }) {
                for e in 0..<epochs {
                    epoch = e
                    try withEvents(.beforeEpoch, .afterEpoch, cancel: .afterCancelEpoch, catching: { if case .epoch = $0 { true } else { false } }) {
                        try runTrainingPhase()
                        try runValidationPhase()
                    }
                }
            }
        } catch {
            failure = error
            try? publish(.afterFit)
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
        try withEvents(.beforeTrain, .afterTrain, cancel: .afterCancelTrain, catching: { if case .train = $0 { true } else { false } }) {
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
        validationAccumulator = ValidationMetrics.Accumulator()
        try withEvents(.beforeValidate, .afterValidate, cancel: .afterCancelValidate, catching: { if case .validate = $0 { true } else { false } }) {
            for (index, batch) in validLoader.batches(epoch: 0).enumerated() {
                batchIndex = index
                try runBatch(batch)
            }
            validation = validationAccumulator.metrics
        }
    }

    private func runBatch(_ nextBatch: Batch) throws {
        batch = nextBatch
        try withEvents(.beforeBatch, .afterBatch, cancel: .afterCancelBatch, catching: { if case .batch = $0 { true } else { false } }) {
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

    /// Runs `body` between two events; a cancellation of this level publishes `cancel` and is
    /// absorbed, and `after` is published either way (fastai's `_with_events`).
    private func withEvents(_ before: Event, _ after: Event, cancel: Event,
                            catching isThisLevel: (Cancellation) -> Bool, _ body: () throws -> Void) throws {
        do {
            try publish(before)
            try body()
        } catch let c as Cancellation where isThisLevel(c) {
            cancellation = c
            try publish(cancel)
        }
        try publish(after)
    }
}
