import ArtifactSchema
import LRFinder
import Recorders
import Training

/// The learning-rate schedules `train fit` offers, by their `--schedule` names.
public enum ScheduleChoice: String, CaseIterable, Codable, Sendable {
    /// fastai's `fit_one_cycle` (pct_start 0.25, div 25, momentum 0.95 → 0.85 → 0.95).
    case oneCycle = "one-cycle"
    case constant
    /// Cosine annealing from the rate to 0.
    case cosine
    /// Smith's triangular cyclical rate between a quarter of the rate and the rate, one cycle per
    /// epoch (a step size of half an epoch).
    case triangular

    /// The scheduler for rates `learningRates` (one per parameter group, body first);
    /// `iterationsPerEpoch` sets the triangular cycle.
    public func scheduler(learningRates: [Double], pctStart: Double = 0.25, div: Double = 25,
                          iterationsPerEpoch: Int = 1) throws -> ParameterScheduler {
        guard let head = learningRates.last else { return .constant(learningRates: []) }
        switch self {
        case .oneCycle: return try .oneCycle(maxLearningRates: learningRates, pctStart: pctStart, div: div)
        case .constant: return .constant(learningRates: learningRates)
        case .cosine: return .cosineAnnealing(maxLR: head, multipliers: LearningRateSpread.multipliers(learningRates))
        case .triangular:
            return try .triangular(baseLR: head / 4, maxLR: head, stepSize: max(1, iterationsPerEpoch / 2),
                                   multipliers: LearningRateSpread.multipliers(learningRates))
        }
    }

    /// The manifest's `schedule` member.
    public func manifestDescription(learningRate: Double) -> [String: JSONValue] {
        ["kind": .string(rawValue), "lr": .number(learningRate)]
    }
}
