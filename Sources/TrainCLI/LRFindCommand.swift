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

    func validate() throws {
        guard startLR > 0, startLR.isFinite else { throw ValidationError("--start-lr must be a positive number, got \(startLR)") }
        guard endLR > startLR, endLR.isFinite else { throw ValidationError("--end-lr must be above --start-lr (\(startLR)), got \(endLR)") }
        guard iterations >= 6 else { throw ValidationError("--iterations must be at least 6, got \(iterations)") }
        guard RangeTestSettings.Ladder(rawValue: ladder) != nil else {
            throw ValidationError("--ladder must be exponential or linear, got '\(ladder)'")
        }
        guard batchesPerStep >= 1 else { throw ValidationError("--batches-per-step must be at least 1, got \(batchesPerStep)") }
        guard divergenceFactor > 1 else { throw ValidationError("--divergence-factor must be above 1, got \(divergenceFactor)") }
        if let validationBatches, validationBatches < 1 {
            throw ValidationError("--validation-batches must be at least 1, got \(validationBatches)")
        }
        guard verifySteps >= 1 else { throw ValidationError("--verify-steps must be at least 1, got \(verifySteps)") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        _ = try parsedBatchSizes()
        _ = try parsedSeeds()
        _ = try parsedMultipliers()
    }

    func run() throws {
        let settings = RangeTestSettings(startLR: startLR, endLR: endLR, iterations: iterations,
                                         ladder: RangeTestSettings.Ladder(rawValue: ladder) ?? .exponential,
                                         batchesPerStep: batchesPerStep, divergenceFactor: noStopDiv ? nil : divergenceFactor,
                                         validationBatches: validationBatches, groupMultipliers: try parsedMultipliers())
        let job = RangeTestJob(model: model.model, data: try dataOptions.request(), batchSize: batchSeed.batchSize, seed: batchSeed.seed,
                               optimizer: model.settings(),
                               settings: settings, records: output.recorders, outputDirectory: output.out,
                               commandLine: CommandLine.arguments, checkpoint: from, initialWeights: initFrom, verifySteps: verify ? verifySteps : nil)
        let data = try CommandFailure.report { try dataOptions.load() }
        ProcessInterrupts.install()
        if batchSizes != nil || seeds != nil {
            let sweep = SweepJob(base: job, batchSizes: try parsedBatchSizes() ?? [batchSeed.batchSize],
                                 seeds: try parsedSeeds() ?? [batchSeed.seed],
                                 jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
            try SweepLauncher.launch(sweep, data: data, cluster: cluster, output: output)
        } else {
            try cluster.requireSweep()
            let run = try CommandFailure.report {
                try RangeTestRunner.run(job, data: data, registries: TrainCommandLine.registries,
                                        extraCallbacks: try output.makeCallbacks())
            }
            print(RangeTestSummary.single(run))
            if run.status == .interrupted || run.status == .failed { throw ExitCode.failure }
        }
    }

    private func parsedBatchSizes() throws -> [Int]? {
        try batchSizes.map { try CommaList.integers($0, flag: "--batch-sizes", minimum: 1) }
    }

    private func parsedSeeds() throws -> [UInt64]? {
        try seeds.map { try CommaList.integers($0, flag: "--seeds", minimum: 0).map { UInt64($0) } }
    }

    private func parsedMultipliers() throws -> [Double] {
        guard let lrMults else { return [] }
        return try lrMults.split(separator: ",", omittingEmptySubsequences: false).map {
            guard let value = Double($0.trimmingCharacters(in: .whitespaces)), value > 0, value.isFinite else {
                throw ValidationError("--lr-mults: '\($0)' is not a positive number")
            }
            return value
        }
    }
}

