import ArgumentParser
import Experiments
import LRFinder

/// The optimizer and model choice (shared by lr-find, fit and fine-tune).
struct OptimizerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The model, built for the data's shape and classes. Registered: "
            + TrainCommandLine.registries.models.builders.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ") + ".",
        valueName: "name"))
    var model: String = "mlp"

    @Option(name: .long, help: ArgumentHelp("The model's settings as JSON, e.g. '{\"widths\": [32, 64, 128], \"blocksPerStage\": [1, 1, 1]}' for resnet (keys left out keep their defaults).", valueName: "json"))
    var modelConfig: String?

    @Option(name: .long, help: "The optimizer: sgd, adam or adamw.")
    var optimizer: String = "sgd"

    @Option(name: .long, help: "SGD momentum, or Adam's beta1, in 0..<1.")
    var momentum: Double = 0.9

    @Option(name: .long, help: "Weight decay (L2 for sgd and adam, decoupled for adamw).")
    var weightDecay: Double = 0

    @Flag(name: .long, help: "Nesterov momentum (sgd only).")
    var nesterov = false

    /// Only parses `--optimizer`: the model and the values are checked with the job.
    func validate() throws {
        guard OptimizerSettings.Kind(rawValue: optimizer) != nil else {
            throw ValidationError("--optimizer must be sgd, adam or adamw, got '\(optimizer)'")
        }
    }

    /// The library's settings; `OptimizerSettings.validate` checks them.
    func settings() -> OptimizerSettings {
        OptimizerSettings(kind: OptimizerSettings.Kind(rawValue: optimizer) ?? .sgd, momentum: momentum,
                          weightDecay: weightDecay, nesterov: nesterov)
    }
}
