import ArtifactSchema
import CurveAnalysis

/// What a range test's points say: fastai's four suggestions and the curve analysis.
public struct RangeTestFindings: Equatable, Sendable {
    /// The recorded curve: head learning rate, smoothed loss, raw loss (and validation loss).
    public let curve: RecordedCurve
    public let suggestions: LRSuggestions
    public let analysis: RangeTestAnalysis

    /// Analyses `points`; the suggestions drop the first `numIterations / 10` and the last 5
    /// points and cut at the first NaN, as fastai's `lr_find` does.
    public init(points: [RangeTestPoint], numIterations: Int) {
        let validLosses = points.allSatisfy { $0.validLoss != nil } && !points.isEmpty
            ? points.map { $0.validLoss ?? .nan } : nil
        curve = RecordedCurve(lrs: points.map(\.learningRate), losses: points.map(\.smoothLoss),
                              rawLosses: points.map(\.loss), validLosses: validLosses)
        suggestions = LRSuggester.suggest(curve, numIterations: numIterations)
        analysis = RangeTestAnalysis(curve: curve)
    }

    /// The suggested learning rates that exist, in `SuggestionMethod.allCases` order.
    public var availableSuggestions: [(method: SuggestionMethod, lr: Double, loss: Double)] {
        SuggestionMethod.allCases.compactMap { method in
            let suggestion = suggestions[method]
            guard let lr = suggestion.lr else { return nil }
            return (method, lr, suggestion.loss ?? .nan)
        }
    }

    /// One plain-language paragraph on the curve's shape and the suggestions.
    public var summary: String { analysis.summary(suggestions: suggestions) }
}
