import ArtifactSchema
import Foundation
import Recorders

/// A sweep as a Slurm job array plus a collect job: which shards still need running, the two
/// batch scripts, and their submission.
///
/// The sweep is cut into `shardCount` shards of at most `runsPerTask` runs (`SweepShard`); task
/// `K` of the array runs `train sweep run <group folder> --shard K/<shardCount>`, which reads the
/// jobs from the group's `sweep.json`, skips runs already completed and redoes unfinished ones.
/// Only shards with a run not completed yet are submitted, so submitting a sweep again after
/// some tasks failed re-runs just those. The collect job (`train sweep collect <group folder>`)
/// starts when the array has ended, however its tasks ended (`afterany`).
public struct SlurmSweepSubmission: Sendable {
    public let plan: SweepPlan
    public let settings: SlurmSettings
    /// The `train` program the jobs run, by absolute path (every node must reach it).
    public let executable: String
    /// The folder the jobs start in, where relative data paths resolve.
    public let workingDirectory: String
    /// Registered callbacks every run adds, by name.
    public let callbacks: [String]
    /// The number of shards the sweep is cut into.
    public let shardCount: Int
    /// The shards with a run that is not completed: the array's task ids, ascending.
    public let pendingShards: [Int]
    /// The group folder as an absolute path.
    public let groupFolder: String

    /// Plans the submission of `plan`, reading which runs are completed from the run folders.
    ///
    /// - Throws: `SlurmError` for bad settings or a path the scripts cannot hold,
    ///   `SweepResumeError` when a run folder holds a run.json the sweep cannot use.
    public init(plan: SweepPlan, settings: SlurmSettings, executable: String, workingDirectory: String,
                callbacks: [String] = []) throws {
        try settings.validate()
        self.plan = plan
        self.settings = settings
        self.executable = executable
        self.workingDirectory = workingDirectory
        self.callbacks = callbacks
        groupFolder = plan.groupFolder.hasPrefix("/") ? plan.groupFolder : SweepPlan.join(workingDirectory, plan.groupFolder)
        for path in [executable, workingDirectory, groupFolder] where path.contains(where: { $0.isWhitespace || "'\"\\".contains($0) }) {
            throw SlurmError.unsupportedPath(path)
        }
        let states = plan.runStates()
        let unusable = zip(plan.runs, states).compactMap { run, state -> String? in
            if case .unusable(let reason) = state { return "\(run.id): \(reason)" }
            return nil
        }
        guard unusable.isEmpty else { throw SweepResumeError(problems: unusable) }
        let count = SweepShard.count(runs: plan.runs.count, runsPerShard: settings.runsPerTask)
        shardCount = count
        pendingShards = Set(zip(plan.runs, states).filter { $0.1.member == nil }
            .map { SweepShard.index(ofRunAt: $0.0.position, count: count) }).sorted()
    }

    /// The runs of shard `index`, in the sweep's order.
    public func runs(inShard index: Int) -> [SweepPlan.Run] {
        plan.runs.filter { SweepShard.index(ofRunAt: $0.position, count: shardCount) == index }
    }

    /// `<group folder>/slurm`: the scripts and the jobs' output.
    public var slurmFolder: String { SweepPlan.join(groupFolder, "slurm") }
    public var arrayScriptPath: String { SweepPlan.join(slurmFolder, "array.sbatch") }
    public var collectScriptPath: String { SweepPlan.join(slurmFolder, "collect.sbatch") }

    /// The output file of array task `task` of job `jobID`.
    public func taskLogPath(jobID: String, task: Int) -> String { SweepPlan.join(slurmFolder, "task-\(jobID)_\(task).out") }

    /// The output file of collect job `jobID`.
    public func collectLogPath(jobID: String) -> String { SweepPlan.join(slurmFolder, "collect-\(jobID).out") }

    /// `--array`'s value: the pending task ids as ranges (`0-5`, `1,3-4`), then `%M` when limited.
    public var arraySpec: String {
        Self.ranges(pendingShards) + (settings.maxParallel.map { "%\($0)" } ?? "")
    }

    /// The job array's batch script.
    public func arrayScript() -> String {
        var command = [Self.quoted(executable), "sweep", "run", Self.quoted(groupFolder),
                       "--shard", "\"$SLURM_ARRAY_TASK_ID/\(shardCount)\"", "--jobs", "\"${SLURM_CPUS_PER_TASK:-1}\""]
        if !callbacks.isEmpty { command += ["--callbacks", Self.quoted(callbacks.joined(separator: ","))] }
        var directives = ["--job-name=lrlab-\(plan.groupID)", "--array=\(arraySpec)",
                          "--output=\(slurmFolder)/task-%A_%a.out"] + commonDirectives
        if settings.requeue { directives += ["--requeue", "--open-mode=append"] }
        directives += settings.extraOptions
        return script(comment: "Sweep \(plan.groupID): \(plan.runs.count) runs in \(shardCount) shards of at most "
                      + "\(settings.runsPerTask); array task K runs shard K. Re-run given tasks with "
                      + "sbatch --array=<ids> \(arrayScriptPath)",
                      directives: directives, command: command.joined(separator: " "))
    }

    /// The collect job's batch script (its dependency on the array is given at submission).
    public func collectScript() -> String {
        let directives = ["--job-name=lrlab-collect-\(plan.groupID)", "--output=\(slurmFolder)/collect-%j.out"]
            + commonDirectives + settings.extraOptions
        return script(comment: "Builds the group of sweep \(plan.groupID) from its completed runs; submitted with "
                      + "--dependency=afterany:<array job id>",
                      directives: directives,
                      command: [Self.quoted(executable), "sweep", "collect", Self.quoted(groupFolder)].joined(separator: " "))
    }

    private var commonDirectives: [String] {
        var lines = ["--chdir=\(workingDirectory)", "--ntasks=1"]
        if let partition = settings.partition { lines.append("--partition=\(partition)") }
        if let time = settings.timeLimit { lines.append("--time=\(time)") }
        return lines
    }

    private func script(comment: String, directives: [String], command: String) -> String {
        (["#!/bin/bash", "# \(comment)"] + directives.map { "#SBATCH \($0)" }
            + ["export OPENBLAS_NUM_THREADS=1", "exec \(command)"]).joined(separator: "\n") + "\n"
    }

    /// Writes `sweep.json` and both scripts into the group folder, atomically.
    public func writeFiles() throws {
        try plan.write()
        let folder = try RunDirectory.create(in: groupFolder, id: "slurm", collision: .reuse)
        try folder.write(arrayScript(), to: "array.sbatch")
        try folder.write(collectScript(), to: "collect.sbatch")
        try folder.write(try ArtifactJSON.text(SlurmArrayRecord(shardCount: shardCount, settings: settings)),
                         to: SlurmArrayRecord.fileName)
        chmod(arrayScriptPath, 0o755)
        chmod(collectScriptPath, 0o755)
    }

    /// Writes the files and submits the array (when a shard is pending) and the collect job.
    ///
    /// - Throws: `SlurmError.arrayTooLarge` before submitting when the cluster's `MaxArraySize`
    ///   is below the shard count; `SlurmError.commandFailed` when `sbatch` fails.
    public func submit(using commands: SlurmCommands = SlurmCommands()) throws -> SlurmSweepJobs {
        if let limit = try? commands.maxArraySize(), limit > 0, shardCount - 1 >= limit {
            throw SlurmError.arrayTooLarge(highestTaskID: shardCount - 1, maxArraySize: limit,
                                           runs: plan.runs.count, runsPerTask: settings.runsPerTask)
        }
        try writeFiles()
        guard !pendingShards.isEmpty else {
            return SlurmSweepJobs(arrayJobID: nil, collectJobID: try commands.submit(collectScriptPath), tasks: [])
        }
        let arrayID = try commands.submit(arrayScriptPath)
        do {
            let collectID = try commands.submit(collectScriptPath, arguments: ["--dependency=afterany:\(arrayID)"])
            return SlurmSweepJobs(arrayJobID: arrayID, collectJobID: collectID, tasks: pendingShards)
        } catch {
            throw SlurmError.commandFailed(command: "sbatch --dependency=afterany:\(arrayID) \(collectScriptPath)", status: 1,
                                           output: "the array job \(arrayID) is submitted but its collect job is not (\(error)); "
                                           + "submit it with: sbatch --dependency=afterany:\(arrayID) \(collectScriptPath)")
        }
    }

    /// `[0, 1, 2, 5, 7, 8]` as `0-2,5,7-8`.
    static func ranges(_ sorted: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// `text` in single quotes for bash.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The jobs of a submitted sweep.
public struct SlurmSweepJobs: Sendable, Equatable {
    /// The job array's id; nil when every run was completed and only the collect job was submitted.
    public let arrayJobID: String?
    public let collectJobID: String
    /// The array's task ids (the pending shards).
    public let tasks: [Int]

    public init(arrayJobID: String?, collectJobID: String, tasks: [Int]) {
        self.arrayJobID = arrayJobID
        self.collectJobID = collectJobID
        self.tasks = tasks
    }

    /// The command that lists both jobs while they wait or run.
    public var squeueCommand: String { "squeue -j \(([arrayJobID].compactMap { $0 } + [collectJobID]).joined(separator: ","))" }

    /// The command that shows how the tasks ended (needs Slurm's accounting).
    public var sacctCommand: String {
        "sacct -j \(([arrayJobID].compactMap { $0 } + [collectJobID]).joined(separator: ",")) --format=JobID,JobName%30,State,ExitCode,Elapsed"
    }
}

/// How a sweep's array was cut, kept as `<group folder>/slurm/array.json` next to the scripts so
/// that `collect` can name the array tasks that hold unfinished runs.
public struct SlurmArrayRecord: Codable, Sendable, Equatable {
    public static let fileName = "array.json"
    /// The shards of the array script (task K runs shard K of this many).
    public var shardCount: Int
    public var settings: SlurmSettings

    public init(shardCount: Int, settings: SlurmSettings) {
        self.shardCount = shardCount
        self.settings = settings
    }

    /// The record in `groupFolder`, or nil when the sweep was never written for Slurm.
    public static func read(groupFolder: String) -> SlurmArrayRecord? {
        let path = SweepPlan.join(SweepPlan.join(groupFolder, "slurm"), fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? ArtifactJSON.decoder.decode(SlurmArrayRecord.self, from: data)
    }
}
