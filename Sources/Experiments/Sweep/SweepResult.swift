import ArtifactSchema
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
