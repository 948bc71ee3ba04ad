import ArgumentParser

/// `train`: the root command.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train models, run LR range tests and benchmark the training core.",
        subcommands: [
            SuggestCommand.self,
            BenchCommand.self,
            LRFindCommand.self,
            FitCommand.self,
            FineTuneCommand.self,
            ExportCommand.self,
            DataCommand.self,
            SweepCommand.self,
            CompareRunsCommand.self,
        ])
}
