/// Learning rates for layer groups, body first and head last, like fastai's `slice` learning rates.
public enum LearningRateSpread {
    /// `groups` rates spread geometrically from `low` (first group) to `high` (last group):
    /// fastai's `even_mults(low, high, groups)`, what `slice(low, high)` means. One group gets `high`.
    public static func geometric(low: Double, high: Double, groups: Int) throws -> [Double] {
        guard groups > 0 else { throw ScheduleError("a learning-rate spread needs at least 1 group, got \(groups)") }
        guard low > 0, high > 0 else {
            throw ScheduleError("a geometric learning-rate spread needs positive rates, got \(low) and \(high)")
        }
        if groups == 1 { return [high] }
        let step = pow(high / low, 1 / Double(groups - 1))
        return (0..<groups).map { low * pow(step, Double($0)) }
    }

    /// `high` for the last group and `high / divisor` for all others: fastai's `slice(high)`.
    public static func headAndBody(high: Double, groups: Int, divisor: Double = 10) throws -> [Double] {
        guard groups > 0 else { throw ScheduleError("a learning-rate spread needs at least 1 group, got \(groups)") }
        guard divisor > 0 else { throw ScheduleError("the body's divisor must be positive, got \(divisor)") }
        return Array(repeating: high / divisor, count: groups - 1) + [high]
    }

    /// Each rate divided by the last (the head's): the factors a schedule is scaled by per group.
    public static func multipliers(_ rates: [Double]) -> [Double] {
        guard let head = rates.last, head != 0 else { return rates.map { _ in 1 } }
        return rates.map { $0 / head }
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
