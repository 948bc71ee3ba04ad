import LRFinder
import Datasets
import Foundation
import Recorders
import TensorCore
import Training

/// Runs a sweep's range tests on at most `jobs` threads, then writes the group folder.
///
/// Every run builds its own model, loader and learner from its seed and only reads the shared
/// data, so its files are the same whatever `jobs` is. OpenBLAS is limited to one thread per
/// process before the first run: parallelism comes from running tests side by side.
public enum SweepRunner {
    /// Runs every combination of `sweep` on `data` and writes `<out>/<group-id>/`.
    ///
    /// A run that fails is reported in `SweepResult.failures` and leaves a `failed` run.json; the
    /// group is still written from the others. After Ctrl-C the runs not yet started are skipped.
    public static func run(_ sweep: SweepJob, data: DataBundle, extraCallbacks: @escaping @Sendable () -> [any Callback] = { [] },
                           progress: (@Sendable (RangeTestRun) -> Void)? = nil) throws -> SweepResult {
        try sweep.validate()
        BLAS.setThreadCount(1)
        let groupID = sweep.groupID(dataSettings: data.manifestSettings)
        let jobs = sweep.runJobs(groupID: groupID)
        let outcomes = RunOutcomes(count: jobs.count)
        let shared = SharedData(bundle: data)
        let workerCount = min(sweep.jobs, jobs.count)
        let finished = DispatchGroup()
        for _ in 0..<workerCount {
            finished.enter()
            let thread = Thread {
                while let index = outcomes.claimNext() {
                    if InterruptHandler.pendingSignal != nil { outcomes.skip(index); continue }
                    do {
                        let run = try RangeTestRunner.run(jobs[index], data: shared.bundle, extraCallbacks: extraCallbacks())
                        outcomes.store(.success(run), at: index)
                        progress?(run)
                    } catch {
                        outcomes.store(.failure(SweepRunFailure(batchSize: jobs[index].batchSize, seed: jobs[index].seed,
                                                                message: String(describing: error))), at: index)
                    }
                }
                finished.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        finished.wait()
        let results = outcomes.results
        let runs = results.compactMap { try? $0?.get() }
        let failures = results.compactMap { result -> SweepRunFailure? in
            if case .failure(let failure)? = result { return failure }
            return nil
        }
        let group = try SweepGroupWriter.write(sweep: sweep, groupID: groupID, runs: runs)
        return SweepResult(groupID: groupID, groupDirectory: group.directory, runs: runs, failures: failures,
                           skipped: results.filter { if case .none = $0 { return true }; return false }.count, scaling: group.scaling)
    }
}

/// A run of a sweep that threw.
public struct SweepRunFailure: Error, Sendable, CustomStringConvertible {
    public let batchSize: Int
    public let seed: UInt64
    public let message: String
    public var description: String { "batch size \(batchSize), seed \(seed): \(message)" }
}

/// The data every worker reads; never written after the sweep starts.
private final class SharedData: @unchecked Sendable {
    let bundle: DataBundle
    init(bundle: DataBundle) { self.bundle = bundle }
}

/// The job queue and result slots the workers share, behind one lock.
private final class RunOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [Result<RangeTestRun, SweepRunFailure>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func claimNext() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ result: Result<RangeTestRun, SweepRunFailure>, at index: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[index] = result
    }

    func skip(_ index: Int) {}

    var results: [Result<RangeTestRun, SweepRunFailure>?] {
        lock.lock(); defer { lock.unlock() }
        return slots
    }
}
