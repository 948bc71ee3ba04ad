import LRFinder
import CurveAnalysis

/// What a sweep produced: its runs, the group folder and the scaling fits.
public struct SweepResult: Sendable {
    public let groupID: String
    public let groupDirectory: String
    /// The runs that finished, in batch-size then seed order.
    public let runs: [RangeTestRun]
    public let failures: [SweepRunFailure]
    /// Runs not started because of Ctrl-C.
    public let skipped: Int
    /// Per suggestion method: the fitted power law of lr against batch size, or why there is none.
    public let scaling: [SuggestionMethod: ScalingOutcome]
}

/// A suggestion's fitted power law over a sweep, or why it cannot be fitted.
public enum ScalingOutcome: Sendable, Encodable {
    case fitted(ScalingFit)
    case unavailable(reason: String)

    /// The fit, if there is one.
    public var fit: ScalingFit? {
        if case .fitted(let fit) = self { return fit }
        return nil
    }

    /// Encodes as the fit itself, or `{"reason": ...}`.
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .fitted(let fit): try fit.encode(to: encoder)
        case .unavailable(let reason):
            var container = encoder.container(keyedBy: ReasonKey.self)
            try container.encode(reason, forKey: .reason)
        }
    }

    private enum ReasonKey: String, CodingKey { case reason }
}
