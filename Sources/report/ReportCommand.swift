import ArgumentParser
import Foundation

@main
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build a static site from LR-finder runs and Markdown notes.",
        subcommands: [BuildCommand.self, ServeCommand.self, NewPostCommand.self, BenchmarkCommand.self],
        defaultSubcommand: BuildCommand.self)
}

/// Writes one line to standard error; a full disk or closed stream loses the line but does not
/// stop the process with a trap, as `FileHandle.write(_:)` would.
func printToStandardError(_ line: String) {
    try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
}
