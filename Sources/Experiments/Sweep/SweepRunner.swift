import LRFinder
import Datasets
import Foundation
import Recorders
import TensorCore
import Training

/// Runs a sweep's range tests through an executor, then writes the group folder.
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
                           progress: @escaping @Sendable (RangeTestRun) -> Void = { _ in }) throws -> SweepResult {
        let executor = LocalThreadExecutor(threads: sweep.jobs, data: data, registries: registries,
                                           extraCallbacks: extraCallbacks)
        return try run(sweep, groupID: sweep.groupID(dataSettings: data.manifestSettings), registries: registries,
                       executor: executor, progress: progress)
    }

    /// Runs every combination of `sweep` through `executor` and writes `<out>/<groupID>/`.
    public static func run(_ sweep: SweepJob, groupID: String, registries: Registries = .builtIn,
                           executor: any SweepExecutor,
                           progress: @escaping @Sendable (RangeTestRun) -> Void = { _ in }) throws -> SweepResult {
        try sweep.validate(registries: registries)
        BLAS.setThreadCount(1)
        let jobs = sweep.runJobs(groupID: groupID)
        let outcomes = try executor.run(jobs, progress: progress)
        precondition(outcomes.count == jobs.count, "the executor returned \(outcomes.count) outcomes for \(jobs.count) jobs")
        let runs = outcomes.compactMap(\.run)
        let failures = outcomes.compactMap { outcome -> SweepRunFailure? in
            if case .failed(let failure) = outcome { return failure }
            return nil
        }
        let skipped = outcomes.filter { if case .skipped = $0 { return true }; return false }.count
        let group = try SweepGroupWriter.write(sweep: sweep, groupID: groupID, runs: runs)
        return SweepResult(groupID: groupID, groupDirectory: group.directory, runs: runs, failures: failures,
                           skipped: skipped, scaling: group.scaling)
    }
}

/// A run of a sweep that threw.
public struct SweepRunFailure: Error, Codable, Sendable, CustomStringConvertible {
    public let batchSize: Int
    public let seed: UInt64
    public let message: String
    public var description: String { "batch size \(batchSize), seed \(seed): \(message)" }
}
