import Recorders
import Training

/// The learning-rate schedules `train fit` offers, by their `--schedule` names.
public enum ScheduleChoice: String, CaseIterable, Sendable {
    /// fastai's `fit_one_cycle` (pct_start 0.25, div 25, momentum 0.95 → 0.85 → 0.95).
    case oneCycle = "one-cycle"
    case constant
    /// Cosine annealing from the rate to 0.
    case cosine

    /// The scheduler for rates `learningRates` (one per parameter group, body first).
    public func scheduler(learningRates: [Double], pctStart: Double = 0.25, div: Double = 25) throws -> ParameterScheduler {
        guard let head = learningRates.last else { return .constant(learningRates: []) }
        switch self {
        case .oneCycle: return try .oneCycle(maxLearningRates: learningRates, pctStart: pctStart, div: div)
        case .constant: return .constant(learningRates: learningRates)
        case .cosine: return .cosineAnnealing(maxLR: head, multipliers: LearningRateSpread.multipliers(learningRates))
        }
    }

    /// The manifest's `schedule` member.
    public func manifestDescription(learningRate: Double) -> [String: JSONValue] {
        ["kind": .string(rawValue), "lr": .number(learningRate)]
    }
}
