extension ParameterScheduler {
    /// Fixed learning rates, one per group (or one for all).
    public static func constant(learningRates: [Double]) -> ParameterScheduler {
        ParameterScheduler(learningRates: learningRates.map { Schedule.constant($0) })
    }

    /// fastai's `fit_one_cycle`: per group, `maxLR / div` up to `maxLR` over `pctStart` of the
    /// fit, down to `maxLR / divFinal`, cosine phases; momentum `high -> low -> high` when given.
    public static func oneCycle(maxLearningRates: [Double], pctStart: Double = 0.25, div: Double = 25,
                                divFinal: Double = 1e5,
                                momentum: (high: Double, low: Double)? = (0.95, 0.85)) throws -> ParameterScheduler {
        let lrs = try maxLearningRates.map { try Schedule.oneCycle(maxLR: $0, pctStart: pctStart, div: div, divFinal: divFinal) }
        let moms = try momentum.map { [try Schedule.oneCycleMomentum(high: $0.high, low: $0.low, pctStart: pctStart)] }
        return ParameterScheduler(learningRates: lrs, momentums: moms)
    }

    /// The LR finder's exponential sweep from `start` to `end` over `iterations` batches; group
    /// `g` uses `multipliers[g]` times the head's rate.
    public static func exponentialSweep(from start: Double, to end: Double, iterations: Int,
                                        multipliers: [Double] = []) throws -> ParameterScheduler {
        ParameterScheduler(learningRate: try .exponentialSweep(from: start, to: end, iterations: iterations),
                           multipliers: multipliers)
    }

    /// A linear sweep from `start` to `end` over `iterations` batches.
    public static func linearSweep(from start: Double, to end: Double, iterations: Int,
                                   multipliers: [Double] = []) throws -> ParameterScheduler {
        ParameterScheduler(learningRate: try .linearSweep(from: start, to: end, iterations: iterations),
                           multipliers: multipliers)
    }

    /// Cosine annealing from `maxLR` to `minLR` over the fit.
    public static func cosineAnnealing(maxLR: Double, minLR: Double = 0, multipliers: [Double] = []) -> ParameterScheduler {
        ParameterScheduler(learningRate: .cosineAnnealing(maxLR: maxLR, minLR: minLR), multipliers: multipliers)
    }

    /// Smith's triangular cyclical learning rate between `baseLR` and `maxLR`, half-cycle `stepSize`.
    public static func triangular(baseLR: Double, maxLR: Double, stepSize: Int,
                                  multipliers: [Double] = []) throws -> ParameterScheduler {
        ParameterScheduler(learningRate: try .triangular(baseLR: baseLR, maxLR: maxLR, stepSize: stepSize),
                           multipliers: multipliers)
    }
}
