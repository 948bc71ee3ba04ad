import ArtifactSchema
import CurveAnalysis

/// Sentences comparing a fitted LR-vs-batch-size slope with linear (1) and square-root (0.5) scaling.
enum ScalingNarrative {
    /// The sentence for a stored fit: read from its seed-bootstrap interval when it has one (what
    /// `ScalingFit(samples:)` writes), else from its standard error (older group.json files).
    ///
    /// E.g. "LR grows as batch size^0.19 (95% seed-bootstrap interval -0.14 to 0.52, fitted over
    /// all 15 runs): consistent with square-root scaling (0.5), unlike linear scaling (1)."
    static func sentence(fit: ScalingFit) -> String {
        guard let interval = fit.slopeInterval else {
            let plain = sentence(slope: fit.slope, standardError: fit.slopeStdErr)
            guard fit.source == .medians, plain.hasSuffix(".") else { return plain }
            return plain.dropLast() + " (fitted to the median of each batch size, so the ± leaves out the spread "
                + "over seeds; rebuild the group for a seed-bootstrap interval)."
        }
        let measure = LRFormat.loss
        let runs = fit.points.reduce(0) { $0 + $1.count }
        let over = fit.source == .medians ? "fitted to the medians of \(fit.points.count) batch sizes"
            : "fitted over all \(runs) runs"
        let percent = measure(interval.level * 100)
        let power = "batch size^\(measure(fit.slope)) (\(percent)% seed-bootstrap interval "
            + "\(measure(interval.lower)) to \(measure(interval.upper)), \(over))"
        let fitted = fit.slope < 0 ? "LR falls as the batch size grows (\(power))" : "LR grows as \(power)"
        let linear = interval.lower <= 1 && 1 <= interval.upper
        let root = interval.lower <= 0.5 && 0.5 <= interval.upper
        let flat = interval.lower <= 0 && 0 <= interval.upper
        let noGrowth = flat ? " The interval also contains 0: these runs cannot tell whether this suggestion grows "
            + "with the batch size at all." : ""
        switch (linear, root) {
        case (true, true):
            return fitted + ": consistent with both linear scaling (1) and square-root scaling (0.5); more seeds "
                + "would tell them apart." + noGrowth
        case (true, false):
            return fitted + ": consistent with linear scaling (1), unlike square-root scaling (0.5)." + noGrowth
        case (false, true):
            return fitted + ": consistent with square-root scaling (0.5), unlike linear scaling (1)." + noGrowth
        case (false, false):
            let position = interval.lower > 1 ? "steeper than linear"
                : interval.upper < 0 ? "falling, the opposite of both rules"
                : interval.upper < 0.5 ? "flatter than square root" : "between the two"
            return fitted + ": \(position), ruling out both linear scaling (1) and square-root scaling (0.5)."
                + noGrowth
        }
    }

    /// E.g. "LR grows as batch size^0.62 ± 0.08: closer to square-root scaling (0.5, 1.5 standard errors away) than to linear scaling (1, 4.8 away)."
    static func sentence(slope: Double, standardError: Double?) -> String {
        let measure = LRFormat.loss
        let power = "batch size^\(measure(slope))" + (standardError.map { " ± \(measure($0))" } ?? "")
        let fitted = slope < 0 ? "LR falls as the batch size grows (\(power))" : "LR grows as \(power)"
        guard let error = standardError, error > 0, error.isFinite else {
            let unknown = "no standard error was recorded, so the fit's precision is unknown."
            if slope < 0 { return fitted + ": the opposite of both linear (1) and square-root (0.5) scaling; " + unknown }
            if slope > 1.5 { return fitted + ": far steeper than linear scaling (1); " + unknown }
            let nearer = abs(slope - 1) < abs(slope - 0.5) ? "linear scaling (1)" : "square-root scaling (0.5)"
            return fitted + ": nearer to \(nearer); " + unknown
        }
        let fromLinear = abs(slope - 1) / error
        let fromRoot = abs(slope - 0.5) / error
        let linear = "linear scaling (1, \(measure(fromLinear)) standard errors away)"
        let root = "square-root scaling (0.5, \(measure(fromRoot)) standard errors away)"
        switch (fromLinear <= 2, fromRoot <= 2) {
        case (true, true):
            return fitted + ": consistent with both \(linear) and \(root); more seeds would tell them apart."
        case (true, false):
            return fitted + ": consistent with \(linear), unlike \(root)."
        case (false, true):
            return fitted + ": consistent with \(root), unlike \(linear)."
        case (false, false):
            let position = slope > 1 ? "steeper than linear" : slope < 0 ? "falling, the opposite of both rules"
                : slope < 0.5 ? "flatter than square root" : "between the two"
            return fitted + ": \(position), ruling out both \(linear) and \(root)."
        }
    }
}
