import ArtifactSchema
import LRFinder
import CurveAnalysis

/// What a sweep, or one shard of it, produced: the runs it ran, the group folder and (for the
/// whole sweep) the collected group.
public struct SweepResult: Sendable {
    public let groupID: String
    /// The group folder (`sweep.json`, and group.json once collected).
    public let groupDirectory: String
    /// The share of the sweep that ran; `.whole` unless sharded.
    public let shard: SweepShard
    /// The runs this call ran (not the skipped completed ones), in batch-size then seed order.
    public let runs: [RangeTestRun]
    /// Runs of the share that were already completed with the same settings, and skipped.
    public let alreadyCompleted: Int
    public let failures: [SweepRunFailure]
    /// Runs not started because of Ctrl-C (or SIGTERM).
    public let skipped: Int
    /// The whole sweep's group as written from every completed run; nil for a shard of several,
    /// whose group `SweepCollector` writes once the shards are done.
    public let collection: SweepCollection?

    /// Per suggestion method: the fitted power law of lr against batch size, or why there is
    /// none; empty for a shard.
    public var scaling: [SuggestionMethod: ScalingOutcome] { collection?.scaling ?? [:] }

    /// Runs of this call stopped by Ctrl-C or SIGTERM (recorded as `interrupted`).
    public var interrupted: [RangeTestRun] { runs.filter { $0.status == .interrupted } }

    /// Whether every run of the share is completed now.
    public var isComplete: Bool {
        failures.isEmpty && skipped == 0 && runs.allSatisfy { $0.status.isComplete }
    }
}
