import ArgumentParser

@main
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build a static site from LR-finder runs and Markdown notes.",
        subcommands: [BuildCommand.self, ServeCommand.self, NewPostCommand.self, BenchmarkCommand.self],
        defaultSubcommand: BuildCommand.self)
}
