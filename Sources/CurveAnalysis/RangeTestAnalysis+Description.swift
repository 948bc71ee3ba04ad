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
        case .bumpBeforeDivergence:
            return "The loss rises and then falls again before it diverges: training went through an "
                + "unstable phase there, so a suggestion beyond that bump may be risky; prefer one below it "
                + "or repeat the test with another seed to see whether the bump comes back."
        case .noDescent:
            return "The loss never falls much below where it starts, which is what a model that is "
                + "already trained (or cannot learn from this data) shows: the suggestions then point at "
                + "noise, so pick a small learning rate rather than trusting them."
        case .divergedImmediately:
            return "The loss blows up within the first \(immediateDivergencePoints) points, so even the "
                + "start learning rate is too high: repeat the test with a smaller start learning rate."
        case .neverDiverged:
            return "The loss never exceeds \(LRFormat.string(divergenceFactor)) times its minimum before "
                + "the test ends, so we do not know where training breaks down: repeat the test with a "
                + "larger end learning rate to see the whole curve."
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
            course.append(divergenceLR.map { "diverges at \(format($0))" } ?? "does not diverge")
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
