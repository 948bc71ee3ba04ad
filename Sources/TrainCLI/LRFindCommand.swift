import ArgumentParser
import CurveAnalysis
import Foundation
import Experiments
import LRFinder

/// `train lr-find`: the LR range test, one run or a batch-size × seed sweep.
struct LRFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lr-find",
        abstract: "Run an LR range test (fastai's lr_find) and suggest learning rates.",
        discussion: """
            Trains on batches with the learning rate rising from --start-lr to --end-lr, records the \
            loss at every batch and stops once the smoothed loss exceeds --divergence-factor times the \
            best so far (or is NaN). The model, optimizer and random state are restored afterwards. \
            Writes <out>/<run-id>/ with run.json (suggestions and analysis), metrics.csv and plot.svg. \
            With --batch-sizes or --seeds lists it runs every combination in parallel (--jobs) and \
            writes a group folder with group.json, overlay.svg and lr-vs-batch-size.svg.
            """)

    @OptionGroup var model: OptimizerOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var batchSeed: BatchSeedOptions

    @OptionGroup(title: "Shards and Slurm") var cluster: ClusterOptions

    @Option(name: .long, help: ArgumentHelp("Sweep: comma-separated batch sizes, e.g. 64,32,16,8,4.", valueName: "list"))
    var batchSizes: String?

    @Option(name: .long, help: ArgumentHelp("Sweep: comma-separated seeds, e.g. 0,1,2.", valueName: "list"))
    var seeds: String?

    @Option(name: .long, help: ArgumentHelp("Sweep: runs at once, one BLAS thread each (default: number of cores).", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: "The learning rate of the first batch.")
    var startLR: Double = 1e-7

    @Option(name: .long, help: "The learning rate the ladder climbs towards.")
    var endLR: Double = 10

    @Option(name: .long, help: "Rungs of the ladder (at least 6).")
    var iterations: Int = 100

    @Option(name: .long, help: "The ladder: exponential or linear.")
    var ladder: String = "exponential"

    @Option(name: .long, help: "Batches each learning rate is held for (every batch is recorded).")
    var batchesPerStep: Int = 1

    @Option(name: .long, help: "Stop once the smoothed loss exceeds this many times the best so far.")
    var divergenceFactor: Double = 4

    @Flag(name: .long, help: "Never stop for a high loss (for losses that can be negative); NaN still stops.")
    var noStopDiv = false

    @Option(name: .long, help: ArgumentHelp("Validation mode: record the loss on this many validation batches after every step.", valueName: "n"))
    var validationBatches: Int?

    @Option(name: .long, help: ArgumentHelp("Learning-rate multipliers per layer group, body first (e.g. 0.01,1).", valueName: "list"))
    var lrMults: String?

    @Option(name: .long, help: ArgumentHelp("Load the model (and optimizer state, if saved) from this checkpoint first.", valueName: "file"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Start from these weights: a safetensors file named as PyTorch's state_dict() of the same nn.Sequential.", valueName: "file"))
    var initFrom: String?

    @Flag(name: .long, help: "Afterwards, train briefly at each suggestion from the same start and name the best.")
    var verify = false

    @Option(name: .long, help: "Batches of training per suggestion for --verify.")
    var verifySteps: Int = 200

    @Option(name: .long, help: ArgumentHelp("Afterwards, repeat the test K times with every initial weight moved by --stability-ulps units in the last place (a seeded pattern per re-run) and record each suggestion's spread in run.json.", valueName: "K"))
    var stability: Int?

    @Option(name: .long, help: ArgumentHelp("How far --stability moves each weight, in units in the last place (0 repeats the run unchanged).", valueName: "n"))
    var stabilityUlps: Int = 1

    /// Parses the ladder and the lists, then checks the job (or sweep) as the library runs it.
    func validate() throws {
        guard RangeTestSettings.Ladder(rawValue: ladder) != nil else {
            throw ValidationError("--ladder must be exponential or linear, got '\(ladder)'")
        }
        let job = try makeJob()
        let sweep = try makeSweep(of: job)
        if sweep == nil { try cluster.requireSweep() }
        try CommandFailure.usage {
            if let sweep { try sweep.validate(registries: TrainCommandLine.registries) } else {
                try job.validate(registries: TrainCommandLine.registries)
            }
        }
    }

    func run() throws {
        let job = try makeJob()
        let sweep = try makeSweep(of: job)
        let data = try CommandFailure.report { try dataOptions.load() }
        ProcessInterrupts.install()
        if let sweep {
            try SweepLauncher.launch(sweep, data: data, cluster: cluster, output: output)
        } else {
            let run = try CommandFailure.report {
                try RangeTestRunner.run(job, data: data, registries: TrainCommandLine.registries,
                                        extraCallbacks: try output.makeCallbacks())
            }
            print(RangeTestSummary.single(run))
            if run.status == .interrupted || run.status == .failed { throw ExitCode.failure }
        }
    }

    /// The library's job; `RangeTestJob.validate` checks its values.
    private func makeJob() throws -> RangeTestJob {
        let settings = RangeTestSettings(startLR: startLR, endLR: endLR, iterations: iterations,
                                         ladder: RangeTestSettings.Ladder(rawValue: ladder) ?? .exponential,
                                         batchesPerStep: batchesPerStep, divergenceFactor: noStopDiv ? nil : divergenceFactor,
                                         validationBatches: validationBatches, groupMultipliers: try parsedMultipliers())
        var job = RangeTestJob(model: model.model, modelConfiguration: model.modelConfig, data: try dataOptions.request(), batchSize: batchSeed.batchSize, seed: batchSeed.seed,
                            optimizer: model.settings(),
                            settings: settings, records: output.recorders, outputDirectory: output.out,
                            commandLine: CommandLine.arguments, checkpoint: from, initialWeights: initFrom, verifySteps: verify ? verifySteps : nil)
        job.shuffle = dataOptions.shufflesBatches
        job.stability = stability.map { StabilitySettings(reruns: $0, ulps: stabilityUlps) }
        return job
    }

    /// The sweep over `job` that `--batch-sizes` or `--seeds` ask for; nil for one run.
    private func makeSweep(of job: RangeTestJob) throws -> SweepJob? {
        guard batchSizes != nil || seeds != nil else { return nil }
        let sizes = try batchSizes.map { try CommaList.values($0, flag: "--batch-sizes", as: "a whole number") { Int($0) } }
        let seedList = try seeds.map {
            try CommaList.values($0, flag: "--seeds", as: "a seed (a whole number of at least 0)") { UInt64($0) }
        }
        return SweepJob(base: job, batchSizes: sizes ?? [batchSeed.batchSize], seeds: seedList ?? [batchSeed.seed],
                        jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    private func parsedMultipliers() throws -> [Double] {
        try lrMults.map { try CommaList.values($0, flag: "--lr-mults", as: "a number") { Double($0) } } ?? []
    }
}
