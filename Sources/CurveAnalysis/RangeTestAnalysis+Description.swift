import ArtifactSchema
extension RangeTestAnalysis {
    /// Plain-language sentences for a student: one on the curve's course (with the first available
    /// suggestion among valley, steep, minimum, slide), then one per flag.
    ///
    /// For example: "The loss is flat up to 3e-5, falls fastest at 0.02, reaches its minimum at
    /// 0.08 and diverges at 0.6; valley suggests 1.4e-3."
    public func sentences(suggestions: LRSuggestions? = nil) -> [String] {
        [courseSentence(suggestions: suggestions)] + flags.map(Self.explanation)
    }

    /// `sentences(suggestions:)` joined into one paragraph.
    public func summary(suggestions: LRSuggestions? = nil) -> String {
        sentences(suggestions: suggestions).joined(separator: " ")
    }

    /// What `flag` means and what to do about it.
    public static func explanation(of flag: Flag) -> String {
        switch flag {
        case .bumpBeforeMinimum:
            return "Before its minimum the smoothed loss rises and falls again by more than "
                + "\(LRFormat.string(bumpNoiseMultiple)) times the batch-to-batch noise, for at least "
                + "\(bumpSustainedPoints) points in a row: training went through an unstable phase there, so "
                + "a suggestion beyond that bump may be risky; prefer one below it or repeat the test with "
                + "another seed to see whether the bump comes back."
        case .noDescent:
            return "The smoothed loss never falls clearly below where it starts (by more than "
                + "\(LRFormat.string(descentNoiseMultiple)) times the batch-to-batch noise), which is what a "
                + "model that is already trained (or cannot learn from this data) shows: the suggestions then "
                + "point at noise, so pick a small learning rate rather than trusting them."
        case .divergedImmediately:
            return "The loss blows up within the first \(immediateDivergencePoints) points, so even the "
                + "start learning rate is too high: repeat the test with a smaller start learning rate."
        case .roseAboveStart:
            return "After its minimum the smoothed loss climbs back above where it started, yet never "
                + "exceeds \(LRFormat.string(divergenceFactor)) times its minimum, so the divergence rule "
                + "does not fire: training did break down (often back to the loss of guessing), only the "
                + "smoothed minimum is too high for the rule. Read the breakdown from where the curve passes "
                + "its start level, not from a divergence point."
        case .neverDiverged:
            return "The loss never exceeds \(LRFormat.string(divergenceFactor)) times its minimum and ends "
                + "below where it started, so the test stopped before training broke down: repeat the test "
                + "with a larger end learning rate to see the whole curve."
        case .bumpBeforeDivergence:
            return "An older LRLab flagged a bump before divergence here, with a rule (a rise of 5% of the "
                + "descent) that two noisy batches could trigger; recompute the analysis (train suggest) "
                + "for the current, noise-calibrated flags."
        }
    }

    private func courseSentence(suggestions: LRSuggestions?) -> String {
        let format = LRFormat.string
        var course: [String] = []
        if let minimumLR, let minimumLoss {
            if flags.contains(.noDescent) {
                course.append("stays roughly level (lowest \(LRFormat.loss(minimumLoss)) at \(format(minimumLR)))")
            } else {
                if let fallStartLR { course.append("is flat up to \(format(fallStartLR))") }
                if let steepestLR { course.append("falls fastest at \(format(steepestLR))") }
                course.append("reaches its minimum at \(format(minimumLR))")
            }
            if let divergenceLR {
                course.append("diverges at \(format(divergenceLR))")
            } else if flags.contains(.roseAboveStart) {
                course.append("climbs back above its start without exceeding \(format(Self.divergenceFactor)) times "
                    + "its minimum")
            } else {
                course.append("does not diverge")
            }
        } else if let divergenceLR {
            course.append("is not a number from the first point on (lr \(format(divergenceLR)))")
        } else {
            course.append("has no recorded points")
        }
        var sentence = "The loss " + Self.list(course)
        if let suggestions, let (method, lr) = Self.leadingSuggestion(suggestions) {
            sentence += "; \(method.rawValue) suggests \(format(lr))"
        }
        return sentence + "."
    }

    /// "a", "a and b", "a, b and c".
    private static func list(_ parts: [String]) -> String {
        guard parts.count > 1 else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
    }

    private static func leadingSuggestion(_ suggestions: LRSuggestions) -> (SuggestionMethod, Double)? {
        for method in [SuggestionMethod.valley, .steep, .minimum, .slide] {
            if let lr = suggestions[method].lr { return (method, lr) }
        }
        return nil
    }
}
