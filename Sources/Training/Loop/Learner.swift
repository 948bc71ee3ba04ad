import Dispatch
import Datasets
import NeuralNet
import TensorCore

/// Trains a model on a data loader and publishes every step to its callbacks.
///
/// The learner's public state is what callbacks read and change: the current batch, prediction
/// and loss, the smoothed loss, counters, and the optimizer whose parameter groups carry the
/// learning rates. The loop itself only computes; recording, scheduling, metrics display and
/// stopping rules are all callbacks.
public final class Learner {
    public let model: Sequential
    public let lossFunction: any Loss
    public var optimizer: any Optimizer
    public var trainLoader: DataLoader
    public var validLoader: DataLoader?
    /// Training mode and the random stream dropout draws from; saved and restored with snapshots.
    public var context: ForwardContext
    public private(set) var callbacks: [any Callback] = []

    // MARK: State visible to callbacks

    /// Epochs requested by the running `fit`.
    public internal(set) var epochCount = 0
    /// The current epoch, from 0.
    public internal(set) var epoch = 0
    /// Training batches done since the start of this `fit` (the current batch's index). A batch
    /// counts once its `afterBatch` began, also when a callback cancelled it or ends the fit there.
    public internal(set) var iteration = 0
    /// The index of the current batch within its phase.
    public internal(set) var batchIndex = 0
    /// Whether the current phase trains (false while validating).
    public internal(set) var isTraining = false
    /// The batch being processed; a callback may replace it in `beforeBatch`.
    public var batch = Batch(inputs: Tensor(shape: [0]), targets: Tensor(shape: [0]))
    /// The model's output for `batch`.
    public var prediction = Tensor(shape: [0])
    /// The mean loss of the current batch.
    public var loss: Float = .nan
    /// Training loss smoothed as fastai's Recorder does (debiased EMA, beta 0.98), reset per fit.
    public internal(set) var smoothLoss: Float = .nan
    /// Validation metrics of this epoch's validation phase once it finished; nil before that, when
    /// it was cancelled, and without a validation loader.
    public internal(set) var validation: ValidationMetrics?
    /// The last cancellation caught during this fit, at any level.
    public internal(set) var cancellation: Cancellation?
    /// The `.fit` cancellation that ended this fit early; nil while running and when every epoch ran.
    public internal(set) var fitCancellation: Cancellation?
    /// The error that ended the fit, set before `afterFit` is published for it.
    public internal(set) var failure: (any Error)?
    var smoother = LossSmoother()
    var startNanoseconds: UInt64 = 0
    var validationAccumulator = ValidationMetrics.Accumulator()

    public init(model: Sequential, lossFunction: any Loss, optimizer: any Optimizer,
                trainLoader: DataLoader, validLoader: DataLoader? = nil, callbacks: [any Callback] = [],
                seed: UInt64 = 0) {
        self.model = model
        self.lossFunction = lossFunction
        self.optimizer = optimizer
        self.trainLoader = trainLoader
        self.validLoader = validLoader
        self.context = ForwardContext(isTraining: false, rng: RandomGenerator(seed: seed ^ 0xD80F_0C0D))
        for callback in callbacks { add(callback) }
    }

    /// Training batches in one epoch.
    public var iterationsPerEpoch: Int { trainLoader.batchCount }
    /// Training batches in the whole running fit.
    public var totalIterations: Int { epochCount * iterationsPerEpoch }
    /// How far the fit has come, from 0 at the first batch towards 1 (fastai's `pct_train`).
    public var fractionDone: Double {
        totalIterations == 0 ? 0 : Double(iteration) / Double(totalIterations)
    }
    /// Seconds since the fit began.
    public var elapsedSeconds: Double {
        Double(DispatchTime.now().uptimeNanoseconds &- startNanoseconds) / 1e9
    }
    /// Learning rate of each parameter group, in order.
    public var learningRates: [Float] { optimizer.groups.map(\.learningRate) }
    /// Momentum (or Adam's beta1) of each parameter group, in order.
    public var momentums: [Float] { optimizer.groups.map(\.momentum) }

    /// Adds a callback, keeping callbacks sorted by `order` (stable for equal orders).
    public func add(_ callback: any Callback) {
        let index = callbacks.firstIndex { $0.order > callback.order } ?? callbacks.endIndex
        callbacks.insert(callback, at: index)
    }

    /// Removes a callback (compared by identity); a callback may remove itself in `afterFit`.
    public func remove(_ callback: any Callback) {
        callbacks.removeAll { $0 === callback }
    }

    /// The first callback of type `T`, if any.
    public func callback<T: Callback>(ofType type: T.Type) -> T? {
        callbacks.lazy.compactMap { $0 as? T }.first
    }

    /// Publishes `event` to the callbacks in order; the first error stops the others from seeing it.
    ///
    /// While validating, per-batch events skip callbacks whose `runsDuringValidation` is false.
    public func publish(_ event: Event) throws {
        let validatingBatch = !isTraining && event.isBatchEvent
        for callback in callbacks where !validatingBatch || callback.runsDuringValidation {
            try callback.handle(event, learner: self)
        }
    }

    /// Publishes `event` to every callback even when some throw, and returns the errors thrown.
    func publishToAll(_ event: Event) -> [any Error] {
        var errors: [any Error] = []
        let validatingBatch = !isTraining && event.isBatchEvent
        for callback in callbacks where !validatingBatch || callback.runsDuringValidation {
            do { try callback.handle(event, learner: self) } catch { errors.append(error) }
        }
        return errors
    }
}
