import ArgumentParser
import Foundation
import Experiments
import LRFinder
import Training

/// Epochs, rate, batch size, seed and checkpoints (shared by fit and fine-tune).
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: "Epochs to train (after unfreezing, for fine-tune).")
    var epochs: Int = 1

    @Option(name: .long, help: "The peak learning rate of the head.")
    var lr: Double = 3e-3

    @OptionGroup var batchSeed: BatchSeedOptions

    @Option(name: .long, help: ArgumentHelp("Start from this checkpoint.", valueName: "file"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Start from these weights: a safetensors file named as PyTorch's state_dict() of the same nn.Sequential.", valueName: "file"))
    var initFrom: String?

    @Option(name: .long, help: ArgumentHelp("Save the trained model and optimizer state to this file.", valueName: "file"))
    var save: String?

    /// The library's job; `FitJob.validate` checks its values.
    func job(model: OptimizerOptions, data: DataOptions, output: OutputOptions, schedule: ScheduleChoice) throws -> FitJob {
        FitJob(model: model.model, modelConfiguration: model.modelConfig, data: try data.request(), epochs: epochs, learningRate: lr, schedule: schedule,
               batchSize: batchSeed.batchSize, seed: batchSeed.seed,
               optimizer: model.settings(), records: output.recorders, outputDirectory: output.out,
               commandLine: CommandLine.arguments, checkpoint: from, initialWeights: initFrom, save: save,
               quiet: output.quiet)
    }

    static func summary(_ run: FitRun, save: String?) -> String {
        var lines = ["run \(run.id): \(run.status.rawValue)"]
        if let v = run.validation {
            lines.append("valid_loss " + ConsoleText.fixed(v.loss, 4) + (v.accuracy.map { ", accuracy " + ConsoleText.fixed($0, 4) } ?? ""))
        }
        if let save, run.status == .completed { lines.append("saved: \(save)") }
        switch run.status {
        case .diverged:
            lines.append("the loss became NaN or infinite: train again with a lower --lr (`train lr-find` suggests one)")
        case .interrupted:
            lines.append("interrupted: the run folder holds everything recorded up to the interruption")
        default: break
        }
        lines.append("run folder: \(run.directory)")
        return lines.joined(separator: "\n")
    }
}
