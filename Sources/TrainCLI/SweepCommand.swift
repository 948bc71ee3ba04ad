import ArgumentParser
import Experiments
import Foundation

/// `train sweep`: work on a planned sweep from its group folder (run a share, collect the group).
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run shards of a planned sweep and collect its group from the runs on disk.",
        discussion: """
            A sweep of `train lr-find --batch-sizes … --seeds …` keeps its plan in its group folder, \
            <out>/<group-id>/sweep.json: the jobs of every run and their run ids. These commands work from \
            that folder, wherever the runs were made (one machine, several, or a Slurm array).
            """,
        subcommands: [SweepRunCommand.self, SweepCollectCommand.self, SweepCollectBenchCommand.self])
}

/// `train sweep run DIR`: runs the runs of the plan (or a shard of them) not completed yet.
struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a planned sweep's runs that are not completed yet (all, one shard, or given positions).",
        discussion: """
            Loads the data from the plan's own request, skips every run already completed with the same \
            settings and redoes interrupted or failed ones in their folders. Run as the whole sweep, it then \
            writes the group as `train sweep collect` does; as a shard it leaves the group to collect.
            """)

    @Argument(help: ArgumentHelp("The sweep's group folder (or its sweep.json).", valueName: "dir"))
    var folder: String

    @Option(name: .long, help: ArgumentHelp(
        "Run only shard K of N (0-based; default inside a Slurm array task: SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT).",
        valueName: "K/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Run only the runs at these positions of the plan, e.g. 3,5 (as collect lists them).",
                                            valueName: "list"))
    var runs: String?

    @Option(name: .long, help: ArgumentHelp("Runs at once, one BLAS thread each (default: number of cores).", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Extra registered callbacks for every run, a comma list.", valueName: "list"))
    var callbacks: String?

    @Flag(name: .long, help: "Print only the final summary (no progress).")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard { _ = try ShardChoice.resolve(shard) }
        if let runs { _ = try parsedPositions(runs) }
        if shard != nil && runs != nil { throw ValidationError("--runs picks runs by position; give it or --shard, not both") }
        for name in callbackNames where !TrainCommandLine.registries.callbacks.names.contains(name) {
            throw ValidationError("--callbacks: unknown callback '\(name)'; registered: "
                                  + TrainCommandLine.registries.callbacks.names.joined(separator: ", "))
        }
    }

    /// The positions `--runs` lists.
    private func parsedPositions(_ text: String) throws -> [Int] {
        try CommaList.values(text, flag: "--runs", as: "a run's position (a whole number of at least 0)") { part in
            Int(part).flatMap { $0 >= 0 ? $0 : nil }
        }
    }

    private var callbackNames: [String] {
        (callbacks ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let plan = try CommandFailure.report { try SweepPlan.read(from: folder) }
        var positions: Set<Int>?
        if let runs {
            let list = try parsedPositions(runs)
            if let bad = list.first(where: { $0 >= plan.runs.count }) {
                throw ValidationError("--runs: the plan has runs 0 to \(plan.runs.count - 1), not \(bad)")
            }
            positions = Set(list)
        }
        let shard = runs == nil ? try ShardChoice.resolve(shard) : .whole
        ProcessInterrupts.install()
        try SweepLauncher.runHere(plan, shard: shard, positions: positions, data: nil,
                                  jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, quiet: quiet,
                                  callbacks: callbackNames)
    }
}

/// `train sweep collect DIR`: writes the group from the completed runs and lists the others.
struct SweepCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Build a sweep's group.json and charts from its completed runs; list the others.",
        discussion: """
            Writes exactly what a local sweep of the same runs writes (the same suggestions and fitted \
            slopes), atomically, so it can run while shards still run. Exits with status 1 while a run of \
            the plan is not completed, printing the commands that re-run just those.
            """)

    @Argument(help: ArgumentHelp("The sweep's group folder (or its sweep.json).", valueName: "dir"))
    var folder: String

    func run() throws {
        let collection = try CommandFailure.report { try SweepCollector.collect(groupFolder: folder) }
        printFlushed(SweepCollectionSummary.text(collection, slurm: SlurmArrayRecord.read(groupFolder: collection.groupDirectory)))
        if !collection.incomplete.isEmpty { throw ExitCode.failure }
    }
}

/// The text `train sweep collect` prints.
enum SweepCollectionSummary {
    static func text(_ collection: SweepCollection, slurm: SlurmArrayRecord?) -> String {
        let plan = collection.plan
        var lines = ["collected sweep \(plan.groupID): \(collection.members.count) of \(plan.runs.count) runs completed", ""]
        lines += RangeTestSummary.slopes(collection.scaling)
        lines += ["", "group folder: \(collection.groupDirectory)"]
        let incomplete = collection.incomplete
        guard !incomplete.isEmpty else { return lines.joined(separator: "\n") }
        lines += ["", "not completed (\(incomplete.count) of \(plan.runs.count)):"]
        for (run, state) in incomplete {
            let shard = slurm.map { ", array task \(SweepShard.index(ofRunAt: run.position, count: $0.shardCount))" } ?? ""
            lines.append("  run \(run.position)\(shard): \(run.id): \(state.summary)")
        }
        let positions = incomplete.map { String($0.run.position) }.joined(separator: ",")
        lines += ["re-run just those:", "  here:     train sweep run \(collection.groupDirectory) --runs \(positions)"]
        if let slurm {
            let tasks = Set(incomplete.map { SweepShard.index(ofRunAt: $0.run.position, count: slurm.shardCount) }).sorted()
            let script = "\(collection.groupDirectory)/slurm"
            lines.append("  on Slurm: sbatch --parsable --array=\(tasks.map(String.init).joined(separator: ",")) \(script)/array.sbatch")
            lines.append("            then: sbatch --dependency=afterany:<that job id> \(script)/collect.sbatch")
        }
        if slurm != nil, incomplete.contains(where: { if case .unfinished(.running, _) = $0.state { return true }; return $0.state == .missing }) {
            lines.append("(runs still queued or running elsewhere show as missing or running: check squeue before re-running)")
        }
        return lines.joined(separator: "\n")
    }
}

/// `train sweep bench-collect`: times collecting a large synthetic sweep.
struct SweepCollectBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-collect",
        abstract: "Time `train sweep collect` on a synthetic sweep of completed runs (no training).",
        discussion: """
            Writes about --runs made-up completed range tests (run.json and metrics.csv of --points batches \
            each, up to 10 batch sizes × enough seeds) with their sweep.json, then collects the group \
            --repeat times and prints the wall times. Measure in a release build.
            """)

    @Option(name: .long, help: "Runs in the synthetic sweep.")
    var runs: Int = 1000

    @Option(name: .long, help: "Batches per run.")
    var points: Int = 100

    @Option(name: .customLong("repeat"), help: "Times to collect.")
    var repetitions: Int = 3

    @Option(name: .long, help: ArgumentHelp("Write the runs here and keep them (default: a temporary folder, removed).",
                                            valueName: "dir"))
    var out: String?

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
        guard points >= 10 else { throw ValidationError("--points must be at least 10, got \(points)") }
        guard repetitions >= 1 else { throw ValidationError("--repeat must be at least 1, got \(repetitions)") }
    }

    func run() throws {
        let folder = out ?? FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-bench-collect-\(UUID().uuidString)").path
        defer { if out == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let result = try CommandFailure.report {
            try SweepCollectBenchmark.run(runs: runs, points: points, repetitions: repetitions, folder: folder)
        }
        let times = result.collectSeconds.map { String(format: "%.3f", $0) }.joined(separator: ", ")
        printFlushed("""
            synthetic sweep: \(result.runs) runs of \(result.pointsPerRun) batches, written in \(String(format: "%.2f", result.writeSeconds)) s
            collect: median \(String(format: "%.3f", result.medianCollectSeconds)) s (\(times) s), \
            \(String(format: "%.2f", result.medianCollectSeconds * 1000 / Double(result.runs))) ms per run; reading the runs alone \
            \(String(format: "%.3f", result.readSeconds)) s
            fitted valley slope: \(result.valleySlope.map { String(format: "%.3f", $0) } ?? "none") (planted 0.5)
            """)
    }
}
