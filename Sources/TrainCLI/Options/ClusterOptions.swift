import ArgumentParser
import Experiments
import Foundation

/// Sharding a sweep and handing it to Slurm (lr-find sweeps).
struct ClusterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Run only shard K of N of the sweep (0-based): the runs at positions i with i % N == K. Inside a Slurm "
            + "array task the default is SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT. A shard writes no group: "
            + "`train sweep collect` does once every shard has run.",
        valueName: "K/N"))
    var shard: String?

    @Flag(name: .long, help: "Submit the sweep to Slurm: a job array (one task per shard) and a collect job after it.")
    var slurm = false

    @Option(name: .long, help: ArgumentHelp("Slurm partition for both jobs.", valueName: "name"))
    var slurmPartition: String?

    @Option(name: .long, help: ArgumentHelp("Time limit of each task, in Slurm's form (minutes, h:m:s, d-h:m:s).",
                                            valueName: "time"))
    var slurmTime: String?

    @Option(name: .long, help: ArgumentHelp("At most this many array tasks at once (--array=…%M).", valueName: "n"))
    var slurmMaxParallel: Int?

    @Option(name: .long, help: ArgumentHelp("Runs per array task: fewer, longer tasks.", valueName: "n"))
    var slurmRunsPerTask: Int = 1

    @Option(name: .long, parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An sbatch option for both scripts, such as --slurm-extra --mem=4G (repeatable).",
                               valueName: "option"))
    var slurmExtra: [String] = []

    @Flag(name: .long, help: "Write sweep.json and both batch scripts and print them, without submitting.")
    var slurmDryRun = false

    @Flag(name: .long, help: "Wait until the collect job has ended; fail, listing them, if any task failed.")
    var slurmWait = false

    @Flag(name: .long, help: "Let Slurm requeue a preempted task (#SBATCH --requeue); the restart resumes its shard.")
    var requeue = false

    /// Whether the sweep goes to Slurm (submitted, or only written with the dry run).
    var submitsToSlurm: Bool { slurm || slurmDryRun }

    func validate() throws {
        if let shard {
            try CommandFailure.usage { _ = try SweepShard(parsing: shard) }
            if submitsToSlurm { throw ValidationError("--shard runs one shard here; --slurm submits every shard: give one of them") }
        }
        let slurmOnly: [(String, Bool)] = [
            ("--slurm-partition", slurmPartition != nil), ("--slurm-time", slurmTime != nil),
            ("--slurm-max-parallel", slurmMaxParallel != nil), ("--slurm-runs-per-task", slurmRunsPerTask != 1),
            ("--slurm-extra", !slurmExtra.isEmpty), ("--slurm-wait", slurmWait), ("--requeue", requeue),
        ]
        if !submitsToSlurm, let (flag, _) = slurmOnly.first(where: \.1) {
            throw ValidationError("\(flag) goes with --slurm")
        }
        if slurmWait && slurmDryRun { throw ValidationError("--slurm-wait waits for submitted jobs; --slurm-dry-run submits none") }
        try CommandFailure.usage { try slurmSettings().validate() }
    }

    /// Throws when a flag of this group is given to a command that runs no sweep.
    func requireSweep() throws {
        if shard != nil || submitsToSlurm {
            throw ValidationError("--shard and --slurm split a sweep: give --batch-sizes or --seeds lists")
        }
    }

    /// The settings of the Slurm submission.
    func slurmSettings() -> SlurmSettings {
        SlurmSettings(partition: slurmPartition, timeLimit: slurmTime, maxParallel: slurmMaxParallel,
                      runsPerTask: slurmRunsPerTask, extraOptions: slurmExtra, requeue: requeue)
    }

    /// The share of the sweep to run here: `--shard`, else the Slurm array task's, else all.
    func selectedShard() throws -> SweepShard {
        try ShardChoice.resolve(shard)
    }
}

/// The shard a command runs: given, or the Slurm array task's, or the whole sweep.
enum ShardChoice {
    static func resolve(_ text: String?) throws -> SweepShard {
        var shard = SweepShard.whole
        try CommandFailure.usage {
            if let text { shard = try SweepShard(parsing: text) } else {
                shard = try SweepShard.slurmArrayTask(environment: ProcessInfo.processInfo.environment) ?? .whole
            }
        }
        return shard
    }
}
