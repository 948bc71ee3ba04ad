import ArtifactSchema
import LRFinder
import Datasets
import Foundation
import Recorders
import TensorCore
import Training

/// Runs a sweep's range tests through an executor, then writes the group folder.
///
/// A sweep resumes: a run already completed with the same settings (a `run.json` of the same
/// run id with a complete status) is skipped, an interrupted, failed or half-written one is run
/// again in its own folder, so re-running a sweep never makes a second copy of a run.
///
/// OpenBLAS is limited to one thread per process before the first run: parallelism comes from
/// running tests side by side.
public enum SweepRunner {
    /// Runs every combination of `sweep` on `data`, on `sweep.jobs` local threads, and writes
    /// `<out>/<group-id>/`.
    ///
    /// A run that fails is reported in `SweepResult.failures` and leaves a `failed` run.json; the
    /// group is still written from the others. After Ctrl-C the runs not yet started are skipped.
    public static func run(_ sweep: SweepJob, data: DataBundle, registries: Registries = .builtIn,
                           extraCallbacks: @escaping @Sendable () throws -> [any Callback] = { [] },
                           starting: (SweepShareStatus) -> Void = { _ in },
                           progress: @escaping @Sendable (RangeTestRun) -> Void = { _ in }) throws -> SweepResult {
        try sweep.validate(registries: registries)
        try sweep.checkFits(data)
        let executor = LocalThreadExecutor(threads: sweep.jobs, data: data, registries: registries,
                                           extraCallbacks: extraCallbacks)
        return try run(SweepPlan(sweep: sweep, data: data), registries: registries, executor: executor,
                       starting: starting, progress: progress)
    }

    /// Runs the runs of `plan` in `shard` (and among `positions`, when given) that are not
    /// completed yet through `executor`.
    ///
    /// The whole sweep (`shard.isWhole`) writes `sweep.json` and then the group folder from
    /// every completed run (`SweepCollector`). A shard of several writes `sweep.json` only when
    /// no other shard did and leaves the group to `SweepCollector`, so no two shards write the
    /// same file. `starting` is called once the share's completed runs are known, before any
    /// run starts.
    ///
    /// - Throws: `SweepResumeError` before running anything when a run's folder holds a
    ///   run.json it cannot use (unreadable, or another run's settings).
    public static func run(_ plan: SweepPlan, shard: SweepShard = .whole, positions: Set<Int>? = nil,
                           registries: Registries = .builtIn,
                           executor: any SweepExecutor, starting: (SweepShareStatus) -> Void = { _ in },
                           progress: @escaping @Sendable (RangeTestRun) -> Void = { _ in }) throws -> SweepResult {
        try plan.sweep.validate(registries: registries)
        BLAS.setThreadCount(1)
        if shard.isWhole { try plan.write() } else { try plan.writeUnlessPresent() }
        let jobs = plan.jobs()
        let share = shard.select(Array(plan.runs.indices)).filter { positions?.contains($0) ?? true }
        let states = share.map { plan.state(of: plan.runs[$0], job: jobs[$0]) }
        let unusable = zip(share, states).compactMap { position, state -> String? in
            if case .unusable(let reason) = state { return "\(plan.runs[position].id): \(reason)" }
            return nil
        }
        guard unusable.isEmpty else { throw SweepResumeError(problems: unusable) }
        let pending = zip(share, states).filter { $0.1.member == nil }.map(\.0)
        let status = SweepShareStatus(groupID: plan.groupID, shard: shard, runs: share.map { plan.runs[$0] },
                                      completed: share.count - pending.count)
        starting(status)
        let outcomes = try executor.run(pending.map { jobs[$0] }, progress: progress)
        precondition(outcomes.count == pending.count, "the executor returned \(outcomes.count) outcomes for \(pending.count) jobs")
        let failures = outcomes.compactMap { outcome -> SweepRunFailure? in
            if case .failed(let failure) = outcome { return failure }
            return nil
        }
        let skipped = outcomes.filter { if case .skipped = $0 { return true }; return false }.count
        let collection: SweepCollection?
        do {
            collection = shard.isWhole ? try SweepCollector.collect(plan) : nil
        } catch {
            // The runs' own failures (often the same full disk) would be lost with the result.
            guard !failures.isEmpty else { throw error }
            throw SweepGroupWriteError(groupError: error, runFailures: failures)
        }
        return SweepResult(groupID: plan.groupID, groupDirectory: plan.groupFolder, shard: shard,
                           runs: outcomes.compactMap(\.run), alreadyCompleted: status.completed,
                           failures: failures, skipped: skipped, collection: collection)
    }
}

/// The runs of a sweep (or one shard of it) and how many of them were completed before.
public struct SweepShareStatus: Sendable {
    public let groupID: String
    public let shard: SweepShard
    /// The share's runs, in the sweep's order.
    public let runs: [SweepPlan.Run]
    /// Of `runs`, those already completed with the same settings (they are skipped).
    public let completed: Int

    /// One line saying how many runs are skipped, such as `sweep sweep-mlp-…: 4 of 6 runs already
    /// completed with the same settings, skipped; running the other 2`; nil when none is.
    public var resumeLine: String? {
        guard completed > 0 else { return nil }
        let subject = shard.isWhole ? "sweep \(groupID)" : "shard \(shard) of sweep \(groupID)"
        let rest = runs.count - completed
        return "\(subject): \(completed) of \(runs.count) runs already completed with the same settings, skipped; "
            + (rest == 0 ? "nothing left to run" : "running the other \(rest)")
    }
}

/// A run of a sweep that threw.
public struct SweepRunFailure: Error, Codable, Sendable, CustomStringConvertible {
    public let batchSize: Int
    public let seed: UInt64
    public let message: String
    public var description: String { "batch size \(batchSize), seed \(seed): \(message)" }
}

/// Run folders a sweep cannot resume from: it refuses to overwrite them.
public struct SweepResumeError: Error, Equatable, CustomStringConvertible {
    /// Per folder, what is wrong and what to do.
    public let problems: [String]

    public var description: String {
        "the sweep cannot use these run folders:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
    }
}

/// The group folder could not be written after some runs of the sweep had failed too.
public struct SweepGroupWriteError: Error, CustomStringConvertible {
    /// Why the group folder could not be written.
    public let groupError: any Error
    /// The runs that failed before.
    public let runFailures: [SweepRunFailure]

    public var description: String {
        "\(groupError)\n\(runFailures.count) run(s) of the sweep failed before:\n"
            + runFailures.map { "  \($0)" }.joined(separator: "\n")
    }
}
