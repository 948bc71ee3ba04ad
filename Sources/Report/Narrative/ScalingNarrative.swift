import ArtifactSchema
import CurveAnalysis

/// Sentences comparing a fitted LR-vs-batch-size slope with linear (1) and square-root (0.5) scaling.
enum ScalingNarrative {
    /// The sentence for a stored fit: read from its seed-bootstrap interval when it has one (what
    /// `ScalingFit(samples:)` writes), else from its standard error (older group.json files).
    ///
    /// E.g. "LR grows as batch size^0.62 (95% seed-bootstrap interval 0.31 to 0.88, fitted over
    /// all 15 runs): consistent with square-root scaling (0.5), unlike linear scaling (1)."; an
    /// interval that contains 0 leads with "No trend with the batch size is clear".
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
        let linear = interval.lower <= 1 && 1 <= interval.upper
        let root = interval.lower <= 0.5 && 0.5 <= interval.upper
        if interval.lower <= 0 && 0 <= interval.upper {
            // An interval around 0 says no trend is established, whatever the sign of the fitted slope.
            let fitted = "No trend with the batch size is clear: \(power) is consistent with no growth (0)"
            switch (linear, root) {
            case (true, _):
                return fitted + ", with square-root scaling (0.5) and with linear scaling (1); more seeds or batch "
                    + "sizes would tell them apart."
            case (false, true):
                return fitted + " and with square-root scaling (0.5), unlike linear scaling (1); more seeds would "
                    + "tell the first two apart."
            case (false, false):
                return fitted + ", ruling out both linear scaling (1) and square-root scaling (0.5)."
            }
        }
        let fitted = fit.slope < 0 ? "LR falls as the batch size grows (\(power))" : "LR grows as \(power)"
        switch (linear, root) {
        case (true, true):
            return fitted + ": consistent with both linear scaling (1) and square-root scaling (0.5); more seeds "
                + "would tell them apart."
        case (true, false):
            return fitted + ": consistent with linear scaling (1), unlike square-root scaling (0.5)."
        case (false, true):
            return fitted + ": consistent with square-root scaling (0.5), unlike linear scaling (1)."
        case (false, false):
            let position = interval.lower > 1 ? "steeper than linear"
                : interval.upper < 0 ? "falling, the opposite of both rules"
                : interval.upper < 0.5 ? "flatter than square root" : "between the two"
            return fitted + ": \(position), ruling out both linear scaling (1) and square-root scaling (0.5)."
        }
    }

    /// E.g. "LR grows as batch size^0.62 ± 0.08: closer to square-root scaling (0.5, 1.5 standard errors away) than to linear scaling (1, 4.8 away)."
    static func sentence(slope: Double, standardError: Double?) -> String {
        let measure = LRFormat.loss
        let power = "batch size^\(measure(slope))" + (standardError.map { " ± \(measure($0))" } ?? "")
        let fitted = slope < 0 ? "LR falls as the batch size grows (\(power))"
            : slope == 0 ? "LR is the same at every batch size (\(power))" : "LR grows as \(power)"
        guard let error = standardError, error > 0, error.isFinite else {
            let unknown = "no standard error was recorded, so the fit's precision is unknown."
            if slope == 0 { return fitted + ": neither linear (1) nor square-root (0.5) scaling; " + unknown }
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
