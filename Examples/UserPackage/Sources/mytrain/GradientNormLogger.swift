import Training

/// A callback of the user's own: the global gradient norm of every training batch, with the
/// largest one printed when the fit ends.
///
/// `afterBackward` is the moment gradients are complete and the optimizer has not yet applied
/// them; it is published for training batches only.
final class GradientNormLogger: Callback {
    /// After the schedules set the rates, before the recorders.
    var order: Int { CallbackOrder.standard }
    private(set) var batchesSeen = 0
    private(set) var largestNorm: Float = 0

    func afterBackward(_ learner: Learner) throws {
        var sumOfSquares: Float = 0
        for parameter in learner.model.parameters where !parameter.isFrozen {
            sumOfSquares += parameter.gradient.storage.reduce(0) { $0 + $1 * $1 }
        }
        largestNorm = max(largestNorm, sumOfSquares.squareRoot())
        batchesSeen += 1
    }

    func afterFit(_ learner: Learner) throws {
        print("gradient-norm saw \(batchesSeen) batches, largest norm \(largestNorm)")
    }
}

/// Registers `GradientNormLogger` as `--callbacks gradient-norm`.
struct GradientNormLoggerFactory: CallbackFactory {
    var name: String { "gradient-norm" }
    var summary: String { "prints the largest gradient norm of the run" }
    func makeCallback() throws -> any Callback { GradientNormLogger() }
}
