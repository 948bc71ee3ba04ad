import ArgumentParser
import Datasets
import Experiments
import Foundation
import LRFinder

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Runs a planned sweep here (whole, or one shard) or hands it to Slurm, and prints what happened.
enum SweepLauncher {
    /// Where a sweep of `lr-find` goes: Slurm, one shard here, or all of it here.
    static func launch(_ sweep: SweepJob, data: DataBundle, cluster: ClusterOptions, output: OutputOptions) throws {
        try CommandFailure.report { try sweep.checkFits(data) }
        let plan = SweepPlan(sweep: sweep, data: data)
        if cluster.submitsToSlurm {
            try submit(plan, cluster: cluster, callbacks: output.callbackNames)
        } else {
            try runHere(plan, shard: try cluster.selectedShard(), data: data, jobs: sweep.jobs, quiet: output.quiet,
                        callbacks: output.callbackNames)
        }
    }

    /// Runs the share of `plan` here, skipping completed runs; exits with a failure unless every
    /// run of the share is completed afterwards.
    static func runHere(_ plan: SweepPlan, shard: SweepShard, positions: Set<Int>? = nil, data: DataBundle?, jobs: Int,
                        quiet: Bool, callbacks: [String]) throws {
        let registries = TrainCommandLine.registries
        let result = try CommandFailure.report {
            let data = try data ?? {
                let loaded = try registries.dataSources.load(plan.sweep.base.data)
                try plan.checkResumable(with: loaded)
                try plan.sweep.checkFits(loaded)
                return loaded
            }()
            let executor = LocalThreadExecutor(threads: jobs, data: data, registries: registries,
                                               extraCallbacks: { try registries.callbacks.makeCallbacks(callbacks) })
            return try SweepRunner.run(plan, shard: shard, positions: positions, registries: registries, executor: executor,
                                       starting: { status in
                if let line = status.resumeLine { printFlushed(line) }
            }, progress: { run in
                if !quiet { printFlushed("  \(run.id): \(run.status.rawValue)") }
            })
        }
        printFlushed(RangeTestSummary.sweep(result))
        if !result.isComplete { throw ExitCode.failure }
    }

    /// Writes the plan and the batch scripts and submits them (or prints them, for a dry run).
    static func submit(_ plan: SweepPlan, cluster: ClusterOptions, callbacks: [String]) throws {
        let submission = try CommandFailure.report {
            try SlurmSweepSubmission(plan: plan, settings: cluster.slurmSettings(), executable: currentExecutable(),
                                     workingDirectory: FileManager.default.currentDirectoryPath, callbacks: callbacks)
        }
        let pendingRuns = submission.pendingShards.reduce(0) { total, shard in
            total + submission.runs(inShard: shard).count
        }
        let completed = plan.runs.count - pendingRuns
        let tasks = "\(submission.pendingShards.count) task\(submission.pendingShards.count == 1 ? "" : "s")"
        if completed > 0 {
            printFlushed("sweep \(plan.groupID): \(completed) of \(plan.runs.count) runs already completed with the same "
                         + "settings, skipped; submitting the shards of the other \(pendingRuns) (\(tasks))")
        }
        if cluster.slurmDryRun {
            try CommandFailure.report { try submission.writeFiles() }
            printFlushed("""
                dry run: nothing submitted. Wrote \(plan.path) and these scripts:

                ==> \(submission.arrayScriptPath) <==
                \(submission.arrayScript())
                ==> \(submission.collectScriptPath) <==
                \(submission.collectScript())
                Submit them with:
                  sbatch --parsable \(submission.arrayScriptPath)
                  sbatch --parsable --dependency=afterany:<array job id> \(submission.collectScriptPath)
                """)
            return
        }
        let jobs = try CommandFailure.report { try submission.submit() }
        if let array = jobs.arrayJobID {
            let limit = cluster.slurmMaxParallel.map { ", at most \($0) at a time" } ?? ""
            printFlushed("submitted job array \(array) (\(tasks): --array=\(submission.arraySpec)\(limit)) and collect job "
                         + "\(jobs.collectJobID) (starts when the array has ended)")
        } else {
            printFlushed("every run is already completed: submitted only the collect job \(jobs.collectJobID)")
        }
        printFlushed("""
            watch:    \(jobs.squeueCommand)
            results:  \(jobs.sacctCommand)
            logs:     \(submission.slurmFolder)/
            group:    \(submission.groupFolder) (written by the collect job; `train sweep collect \(submission.groupFolder)` any time)
            """)
        guard cluster.slurmWait else { return }
        let outcome = try CommandFailure.report {
            try SlurmSweepWait(jobs: jobs).wait { printFlushed("  " + $0) }
        }
        try reportWait(outcome, submission: submission)
    }

    /// Prints how the jobs ended and the collect job's output; fails when a task or the collect did.
    static func reportWait(_ outcome: SlurmSweepOutcome, submission: SlurmSweepSubmission) throws {
        var lines: [String] = []
        if !outcome.tasksKnown {
            lines.append("the controller no longer lists the array's tasks; see \(outcome.jobs.sacctCommand)")
        }
        let failed = outcome.failedTasks
        let states = submission.plan.runStates()
        if !failed.isEmpty, let array = outcome.jobs.arrayJobID {
            lines.append("failed tasks (\(failed.count) of \(outcome.tasks.count)):")
            for task in failed {
                let index = task.taskIndex
                let unfinished = index.map { submission.runs(inShard: $0).filter { states[$0.position].member == nil } } ?? []
                let runs = unfinished.isEmpty ? "none left unfinished" : unfinished.map(\.id).joined(separator: ", ")
                let log = task.standardOutput ?? index.map { submission.taskLogPath(jobID: array, task: $0) } ?? "?"
                lines.append("  task \(task.arrayTaskID ?? "?"): \(task.state) (exit \(task.exitCode ?? "?")), runs not completed: "
                             + "\(runs); log \(log)")
            }
            let ids = failed.compactMap(\.taskIndex)
            if !ids.isEmpty {
                lines.append("re-run them: sbatch --array=\(ids.map(String.init).joined(separator: ",")) \(submission.arrayScriptPath)")
            }
        }
        let collectLog = outcome.collect?.standardOutput ?? submission.collectLogPath(jobID: outcome.jobs.collectJobID)
        lines.append("collect job \(outcome.jobs.collectJobID): \(outcome.collect?.state ?? "ended") (log \(collectLog))")
        if let text = try? String(contentsOfFile: collectLog, encoding: .utf8), !text.isEmpty {
            lines.append(text.trimmingCharacters(in: .newlines))
        }
        printFlushed(lines.joined(separator: "\n"))
        if !failed.isEmpty || !outcome.collectCompleted || states.contains(where: { $0.member == nil }) {
            throw ExitCode.failure
        }
    }

    /// This program's absolute path, which the batch scripts run.
    static func currentExecutable() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}

/// Prints `text` and flushes standard output at once, so batch logs (files) show it even if
/// the process is killed later.
func printFlushed(_ text: String) {
    print(text)
    fflush(nil)  // every output stream: naming `stdout` is not concurrency-safe in Swift 6
}
