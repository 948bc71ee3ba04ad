import CurveAnalysis

/// Sentences comparing a fitted LR-vs-batch-size slope with linear (1) and square-root (0.5) scaling.
enum ScalingNarrative {
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
