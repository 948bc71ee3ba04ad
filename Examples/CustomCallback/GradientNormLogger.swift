import NeuralNet
import Training

/// A user-defined callback: logs the global gradient norm every few batches and keeps the largest.
///
/// It uses only the public API: `afterBackward` is the moment gradients are complete and the
/// optimizer has not yet applied them; `learner.model.parameters` exposes them.
final class GradientNormLogger: Callback {
    /// After the schedules, before the recorders.
    var order: Int { CallbackOrder.standard + 20 }
    /// Validation batches have no gradients.
    var runsDuringValidation: Bool { false }
    let every: Int
    private(set) var batchesSeen = 0
    private(set) var largestNorm: Float = 0

    init(every: Int) {
        self.every = every
    }

    func afterBackward(_ learner: Learner) throws {
        var sumOfSquares: Float = 0
        for parameter in learner.model.parameters where !parameter.isFrozen {
            sumOfSquares += parameter.gradient.storage.reduce(0) { $0 + $1 * $1 }
        }
        let norm = sumOfSquares.squareRoot()
        largestNorm = max(largestNorm, norm)
        batchesSeen += 1
        if learner.iteration % every == 0 {
            print("iteration \(learner.iteration): loss \(learner.loss), gradient norm \(norm), lr \(learner.learningRates.last ?? 0)")
        }
    }

    func afterEpoch(_ learner: Learner) throws {
        let valid = learner.validation.map { " valid loss \($0.loss)" } ?? ""
        print("epoch \(learner.epoch): smoothed train loss \(learner.smoothLoss)\(valid)")
    }
}
