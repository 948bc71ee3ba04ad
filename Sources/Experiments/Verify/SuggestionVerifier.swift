import NeuralNet
import TensorCore
import Training

/// Answers "try each suggested learning rate and see which is best": from the same starting
/// state, trains `steps` batches at each rate with a fresh optimizer, measures the validation
/// loss and accuracy, and puts the model back as it was.
public struct SuggestionVerifier {
    public let steps: Int
    public let optimizer: OptimizerSettings

    public init(steps: Int, optimizer: OptimizerSettings = OptimizerSettings()) throws {
        guard steps >= 1 else {
            throw SettingError(setting: "SuggestionVerifier.steps", value: "\(steps)",
                               reason: "verification needs at least 1 training batch")
        }
        self.steps = steps
        self.optimizer = optimizer
    }

    /// Trains from `learner`'s current model state at each of `candidates` (name, learning rate)
    /// and evaluates on its validation loader; the model and random stream are restored after
    /// each candidate, so the order does not matter.
    public func verify(_ candidates: [(name: String, lr: Double)], learner: Learner) throws -> SuggestionVerification {
        guard let validLoader = learner.validLoader else {
            throw ExperimentError.noValidationData(step: "verifying the suggestions")
        }
        let start = ModelSnapshot(model: learner.model, randomGenerator: learner.context.rng)
        var results: [SuggestionVerification.Result] = []
        for candidate in candidates {
            let fresh = optimizer.make(model: learner.model, learningRate: candidate.lr)
            let trainer = Learner(model: learner.model, lossFunction: learner.lossFunction, optimizer: fresh,
                                  trainLoader: learner.trainLoader, validLoader: nil, callbacks: [StopAfter(iterations: steps)])
            trainer.context.rng = learner.context.rng
            defer { try? start.restore(into: learner.model, randomGenerator: &learner.context.rng) }
            try trainer.fit(epochs: steps / max(1, learner.trainLoader.batchCount) + 1)
            let metrics = trainer.evaluate(validLoader)
            let accuracy: Double? = metrics.accuracy.map { Double($0) }
            results.append(SuggestionVerification.Result(name: candidate.name, learningRate: candidate.lr,
                                                         validLoss: Double(metrics.loss), accuracy: accuracy))
        }
        try start.restore(into: learner.model, randomGenerator: &learner.context.rng)
        return SuggestionVerification(steps: steps, results: results)
    }
}
