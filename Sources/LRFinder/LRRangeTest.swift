import Datasets
import NeuralNet
import TensorCore
import Training

/// The LR range test as a callback (fastai's `LRFinder`): raises the learning rate batch by batch
/// along a ladder, records the loss at every batch and stops when the loss diverges, then puts the
/// model, the optimizer and the random stream back exactly as they were and detaches itself.
///
/// Add it to a learner and call `fit`, or use `run(on:)`, which also picks enough epochs. The
/// learner's validation phase is skipped during the test. Order `CallbackOrder.rangeTest`: the
/// rates are set in `beforeBatch` after any schedule, and the stop rules run in `afterBatch` after
/// the recorders have seen the batch; `outcome` is settled in `afterFit` before the manifest
/// recorder writes the run's status.
///
/// Its own stops end the fit with outcome `.stopped` (a planned end: the run is `completed`), at
/// the last rung, at the divergence rule, and at a NaN or infinite loss after some finite points.
/// A NaN or infinite loss before any finite point ends it as `.diverged`: the curve has nothing
/// to read.
public final class LRRangeTest: Callback {
    public let order = CallbackOrder.rangeTest
    public let settings: RangeTestSettings
    /// Every training batch run so far.
    public private(set) var points: [RangeTestPoint] = []
    /// How the test ended; nil until it has.
    public internal(set) var outcome: RangeTestOutcome?
    /// The lowest smoothed loss so far.
    public private(set) var bestSmoothLoss: Float = .infinity
    /// The validation loss of the current batch in validation mode (the `valid_loss` column).
    public private(set) var currentValidLoss: Float?

    private var snapshot: ModelSnapshot?
    private var savedValidLoader: DataLoader?
    private var validationProbe: DataLoader?

    /// A test with `settings`; throws a `SettingError` for a setting out of range.
    public init(settings: RangeTestSettings = RangeTestSettings()) throws {
        try settings.validate()
        self.settings = settings
    }

    /// Whether the model's state was taken and not yet put back.
    public var holdsSnapshot: Bool { snapshot != nil }

    public func beforeFit(_ learner: Learner) throws {
        try settings.validate(parameterGroups: learner.optimizer.groups.count)
        snapshot = ModelSnapshot(model: learner.model, optimizer: learner.optimizer,
                                 randomGenerator: learner.context.rng)
        points = []
        outcome = nil
        bestSmoothLoss = .infinity
        currentValidLoss = nil
        savedValidLoader = learner.validLoader
        validationProbe = nil
        if let batches = settings.validationBatches {
            guard let loader = learner.validLoader, loader.dataset.count > 0 else {
                throw SettingError(setting: "RangeTestSettings.validationBatches", value: "\(batches)",
                                   reason: "validation mode needs validation data: give the learner a validation loader "
                                       + "(hold out examples with `DataRequest.validationFraction` above 0)")
            }
            let count = min(loader.dataset.count, batches * loader.batchSize)
            validationProbe = DataLoader(dataset: loader.dataset.subset(0..<count), batchSize: loader.batchSize,
                                         shuffle: false)
        }
        learner.validLoader = nil
        learner.optimizer.zeroGradients()
    }

    public func beforeBatch(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        let rate = settings.learningRate(atBatch: learner.iteration)
        let groups = learner.optimizer.groups
        for (index, group) in groups.enumerated() {
            group.learningRate = Float(rate * settings.multiplier(group: index, of: groups.count))
        }
    }

    public func afterStep(_ learner: Learner) throws {
        guard let probe = validationProbe else { return }
        currentValidLoss = learner.evaluate(probe).loss
    }

    public func afterBatch(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        let iteration = learner.iteration
        points.append(RangeTestPoint(iteration: iteration, learningRates: learner.learningRates, loss: learner.loss,
                                     smoothLoss: learner.smoothLoss, validLoss: currentValidLoss))
        let smooth = learner.smoothLoss
        guard learner.loss.isFinite, smooth.isFinite else {
            outcome = .nonFiniteLoss(iteration: iteration)
            let anyFinite = points.contains { $0.loss.isFinite && $0.smoothLoss.isFinite }
            throw Cancellation.fit(anyFinite ? .stopped : .diverged,
                                   reason: "stopped: loss is \(learner.loss.isFinite ? smooth : learner.loss) at iteration \(iteration)")
        }
        if smooth < bestSmoothLoss { bestSmoothLoss = smooth }
        if let factor = settings.divergenceFactor, Double(smooth) > factor * Double(bestSmoothLoss) {
            outcome = .exceededDivergenceFactor(iteration: iteration)
            throw Cancellation.fit(.stopped, reason: "stopped: smoothed loss \(smooth) exceeded \(factor)x the best \(bestSmoothLoss) "
                                   + "at iteration \(iteration)")
        }
        if iteration + 1 >= settings.totalBatches {
            outcome = .reachedIterations
            throw Cancellation.fit(.stopped, reason: "stopped after \(settings.totalBatches) iterations")
        }
    }

    public func afterFit(_ learner: Learner) throws {
        if outcome == nil {
            if let failure = learner.failure {
                outcome = .failed(String(describing: failure))
            } else if let cancellation = learner.fitCancellation {
                outcome = .cancelled(cancellation)
            } else {
                outcome = .dataRanOut(afterBatches: points.count)
            }
        }
        learner.remove(self)
        try restore(learner)
    }

    /// Puts the model, optimizer, random stream and validation data back as `beforeFit` found them.
    func restore(_ learner: Learner) throws {
        guard let saved = snapshot else { return }
        snapshot = nil
        learner.validLoader = savedValidLoader
        savedValidLoader = nil
        validationProbe = nil
        do {
            try saved.restore(into: learner.model, optimizer: learner.optimizer, randomGenerator: &learner.context.rng)
        } catch {
            throw RangeTestError.restoreFailed("\(error)")
        }
    }
}
