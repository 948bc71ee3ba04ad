import ArtifactSchema
import CurveAnalysis

/// Plain-sentence explanation of a range-test curve from run.json's `analysis` and `suggestions`.
enum CurveNarrative {
    /// Suggestion names in display order; unknown names follow alphabetically.
    static let suggestionOrder = ["minimum", "steep", "valley", "slide"]

    /// What each suggestion means, shown in the suggestions table.
    static let suggestionMeanings = [
        "minimum": "a tenth of the LR at the loss minimum",
        "steep": "where the smoothed loss falls fastest",
        "valley": "about halfway along the longest decreasing stretch of the smoothed loss "
            + "(⌊L/3⌋ + ⌊L/6⌋ points past its start, for a stretch of L points)",
        "slide": "where the loss curve starts to slide down, accounting for noise",
    ]

    /// Names of `suggestions` in display order.
    static func orderedSuggestionNames(_ names: some Collection<String>) -> [String] {
        let known = suggestionOrder.filter(names.contains)
        return known + names.filter { !suggestionOrder.contains($0) }.sorted()
    }

    /// One sentence such as "The loss is flat up to 3e-5, falls fastest at 2e-2, ...; valley suggests 1.4e-3."
    static func summary(of manifest: RunManifest) -> String? {
        let lr = LRFormat.string
        var clauses: [String] = []
        if let analysis = manifest.analysis {
            if let value = analysis.fallStartLR { clauses.append("is flat up to \(lr(value))") }
            if let value = analysis.steepestLR { clauses.append("falls fastest at \(lr(value))") }
            if let value = analysis.minimumLR {
                let loss = analysis.minimumLoss.map { " of \(LRFormat.loss($0))" } ?? ""
                clauses.append("reaches its minimum\(loss) at \(lr(value))")
            }
            if let value = analysis.divergenceLR { clauses.append("diverges at \(lr(value))") }
        }
        var sentence = ""
        if !clauses.isEmpty {
            let joined = clauses.count == 1 ? clauses[0]
                : clauses.dropLast().joined(separator: ", ") + " and " + clauses.last!
            sentence = "The loss " + joined
        }
        if let pick = preferredSuggestion(manifest), let value = manifest.suggestions?[pick]?.lr {
            let advice = "\(pick) suggests \(lr(value))"
            sentence = sentence.isEmpty ? advice.prefix(1).uppercased() + advice.dropFirst() : sentence + "; " + advice
        }
        return sentence.isEmpty ? nil : sentence + "."
    }

    /// The suggestion quoted in the summary: the verified best if any, else valley, else the first with an LR.
    static func preferredSuggestion(_ manifest: RunManifest) -> String? {
        guard let suggestions = manifest.suggestions else { return nil }
        let names = orderedSuggestionNames(suggestions.keys)
        let preferred = ["valley"] + names
        return preferred.first { suggestions[$0]?.lr != nil }
    }

    /// Sentences for each flag, in the words `train lr-find` prints (CurveAnalysis); unknown flags
    /// are named as such.
    static func flagSentences(_ manifest: RunManifest) -> [(flag: String, text: String)] {
        guard let analysis = manifest.analysis else { return [] }
        return analysis.flags.map { ($0.rawValue, RangeTestAnalysis.explanation(of: $0)) }
            + analysis.unknownFlags.map { ($0, "The analysis raised `\($0)`, which this report version does not explain.") }
    }

    /// A sentence about the noise level, when recorded (CurveAnalysis defines it as the median
    /// distance of the raw loss from its local median, relative to the loss).
    static func noiseSentence(_ manifest: RunManifest) -> String? {
        guard let noise = manifest.analysis?.noiseLevel else { return nil }
        return "The raw loss of a typical batch lies \(LRFormat.loss(noise * 100))% from the median of "
            + "the batches around it (the noise level: a median over the curve before divergence, so a calm "
            + "start outweighs a noisy end)."
    }
}
