import ArtifactSchema
import LRFinder
import CurveAnalysis
import Recorders

/// The result of one range test run: where it was written, how it ended, its points and findings.
public struct RangeTestRun: Sendable {
    /// The run id (the name of its folder).
    public let id: String
    /// The run's folder.
    public let directory: String
    public let batchSize: Int
    public let seed: UInt64
    /// The status `run.json` records: `completed` when the test ended by its own rules (also at
    /// its divergence rule, or at a NaN after some finite points, which the analysis reports),
    /// `diverged` when not a single batch had a finite loss, `interrupted` after Ctrl-C, `failed`
    /// when it threw (see `LRRangeTest` and `ManifestRecorder.status(of:)`).
    public let status: RunStatus
    public let outcome: RangeTestOutcome
    public let points: [RangeTestPoint]
    public let findings: RangeTestFindings
    /// The short trainings at each suggestion, with `--verify`.
    public let verification: SuggestionVerification?
}

extension RunManifest {
    /// Puts `findings` into the manifest's `suggestions` and `analysis` members.
    public mutating func record(_ findings: RangeTestFindings) {
        var members: [String: RunManifest.Suggestion] = [:]
        for method in SuggestionMethod.allCases {
            let suggestion = findings.suggestions[method]
            if let lr = suggestion.lr {
                members[method.rawValue] = RunManifest.Suggestion(lr: lr, loss: suggestion.loss ?? .nan)
            } else {
                members[method.rawValue] = RunManifest.Suggestion(reason: suggestion.reason ?? "not available")
            }
        }
        suggestions = members
        analysis = findings.analysis
    }
}
