import Datasets
import Foundation
import Synchronization
import Training

/// Runs the range tests of a sweep somewhere: on local threads, or (an executor a user adds)
/// on a cluster.
///
/// An executor gets the jobs in the sweep's fixed order and returns one outcome per job, in
/// the same order. Each job is a `Codable` value that carries its data request, so an executor
/// may hand jobs to other processes or machines; the runs then write their folders there and
/// the executor reads the results back.
public protocol SweepExecutor: Sendable {
    /// Runs `jobs`; `progress` is called once per finished run (from any thread).
    func run(_ jobs: [RangeTestJob], progress: @escaping @Sendable (RangeTestRun) -> Void) throws -> [SweepJobOutcome]
}

/// How one job of a sweep ended.
public enum SweepJobOutcome: Sendable {
    case finished(RangeTestRun)
    case failed(SweepRunFailure)
    /// Not started: the sweep was interrupted first.
    case skipped

    /// The run, if it finished.
    public var run: RangeTestRun? {
        if case .finished(let run) = self { return run }
        return nil
    }
}

/// Runs a sweep's jobs on at most `threads` threads of this process, one BLAS thread each.
///
/// Every run builds its own model, loader and learner from its seed and only reads the shared
/// data, so its files are the same whatever the thread count. After Ctrl-C the jobs not yet
/// started are skipped.
public struct LocalThreadExecutor: SweepExecutor {
    /// At most this many jobs run at once (at least 1 is used).
    public let threads: Int
    /// The examples every job reads (loaded once, shared read-only).
    public let data: DataBundle
    public let registries: Registries
    /// Makes each run's extra callbacks (called once per run, on its thread).
    public let extraCallbacks: @Sendable () throws -> [any Callback]

    public init(threads: Int, data: DataBundle, registries: Registries = .builtIn,
                extraCallbacks: @escaping @Sendable () throws -> [any Callback] = { [] }) {
        self.threads = threads
        self.data = data
        self.registries = registries
        self.extraCallbacks = extraCallbacks
    }

    public func run(_ jobs: [RangeTestJob], progress: @escaping @Sendable (RangeTestRun) -> Void) throws -> [SweepJobOutcome] {
        let queue = JobQueue(count: jobs.count)
        let finished = DispatchGroup()
        for _ in 0..<min(max(threads, 1), jobs.count) {
            finished.enter()
            // A thread of its own (not a dispatch worker) for the 16 MB stack deep models need.
            let thread = Thread { [self] in
                while let index = queue.claimNext() {
                    let job = jobs[index]
                    if InterruptHandler.pendingSignal != nil { queue.store(.skipped, at: index); continue }
                    do {
                        let run = try RangeTestRunner.run(job, data: data, registries: registries,
                                                          extraCallbacks: try extraCallbacks())
                        queue.store(.finished(run), at: index)
                        progress(run)
                    } catch {
                        queue.store(.failed(SweepRunFailure(batchSize: job.batchSize, seed: job.seed,
                                                            message: String(describing: error))), at: index)
                    }
                }
                finished.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        finished.wait()
        return queue.outcomes
    }
}

/// The next job to claim and the outcome slots the worker threads share.
private final class JobQueue: Sendable {
    private let state: Mutex<(next: Int, outcomes: [SweepJobOutcome])>

    init(count: Int) {
        state = Mutex((0, Array(repeating: .skipped, count: count)))
    }

    func claimNext() -> Int? {
        state.withLock { state in
            guard state.next < state.outcomes.count else { return nil }
            state.next += 1
            return state.next - 1
        }
    }

    func store(_ outcome: SweepJobOutcome, at index: Int) {
        state.withLock { $0.outcomes[index] = outcome }
    }

    var outcomes: [SweepJobOutcome] { state.withLock { $0.outcomes } }
}
