import ArgumentParser
import Foundation
import Experiments
import LRFinder

/// `train fine-tune`: fastai's `fine_tune` on a saved model.
struct FineTuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fine-tune",
        abstract: "Fine-tune a saved model: train the head with the body frozen, then everything.",
        discussion: """
            As fastai's fine_tune: --freeze-epochs of one-cycle (pct_start 0.99) with the body frozen, \
            then the base rate is halved and all layer groups train for --epochs of one-cycle \
            (pct_start 0.3, div 5) at rates spread from lr/2/lr-mult (body) to lr/2 (head). A checkpoint \
            saved for other classes keeps its body and gets a new head for --classes.
            """)

    @OptionGroup var model: OptimizerOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var training: TrainingOptions

    @Option(name: .long, help: "Epochs with the body frozen.")
    var freezeEpochs: Int = 1

    @Option(name: .long, help: "How many times the head's rate exceeds the body's after unfreezing.")
    var lrMult: Double = 100

    func validate() throws {
        let job = try training.job(model: model, data: dataOptions, output: output, schedule: .oneCycle)
        try CommandFailure.usage { try FineTuner.validate(job, settings: settings, registries: TrainCommandLine.registries) }
    }

    func run() throws {
        let job = try training.job(model: model, data: dataOptions, output: output, schedule: .oneCycle)
        let data = try CommandFailure.report { try dataOptions.load() }
        ProcessInterrupts.install()
        let run = try CommandFailure.report {
            try FineTuner.run(job, settings: settings, data: data,
                             registries: TrainCommandLine.registries, extraCallbacks: try output.makeCallbacks())
        }
        print(TrainingOptions.summary(run, save: job.save))
        if run.status != .completed { throw ExitCode.failure }
    }

    private var settings: FineTuner.Settings { FineTuner.Settings(freezeEpochs: freezeEpochs, lrMult: lrMult) }
}
