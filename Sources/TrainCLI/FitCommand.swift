import ArgumentParser
import Foundation
import Experiments
import LRFinder

/// `train fit`: trains a reference model with a learning-rate schedule.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Train a model with a learning-rate schedule (one-cycle by default).",
        discussion: """
            Writes <out>/<run-id>/ with run.json, metrics.csv, epochs.csv and plot.svg, and with \
            --save a checkpoint that `train fine-tune --from` and `train lr-find --from` read.
            """)

    @OptionGroup var model: OptimizerOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var training: TrainingOptions

    @Option(name: .long, help: "The schedule: one-cycle, constant, cosine or triangular (Smith's cyclical rate between lr/4 and lr, one cycle per epoch).")
    var schedule: String = "one-cycle"

    func validate() throws {
        guard ScheduleChoice(rawValue: schedule) != nil else {
            throw ValidationError("--schedule must be one of \(ScheduleChoice.allCases.map(\.rawValue).joined(separator: ", ")), got '\(schedule)'")
        }
        let job = try makeJob()
        try CommandFailure.usage { try job.validate(registries: TrainCommandLine.registries) }
    }

    func run() throws {
        let job = try makeJob()
        let data = try CommandFailure.report { try dataOptions.load() }
        ProcessInterrupts.install()
        let run = try CommandFailure.report { try FitRunner.run(job, data: data, registries: TrainCommandLine.registries,
                              extraCallbacks: try output.makeCallbacks()) }
        print(TrainingOptions.summary(run, save: job.save))
        if run.status != .completed { throw ExitCode.failure }
    }

    private func makeJob() throws -> FitJob {
        try training.job(model: model, data: dataOptions, output: output, schedule: ScheduleChoice(rawValue: schedule) ?? .oneCycle)
    }
}
