import ArgumentParser
import Experiments
import Foundation

/// `train compare-runs EXPECTED ACTUAL`: whether regenerated runs match the recorded ones.
struct CompareRunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-runs",
        abstract: "Compare a folder of runs with a regenerated copy, value by value.",
        discussion: """
            Looks for every run and sweep folder of EXPECTED in ACTUAL and compares their files: \
            run.json and group.json member by member, CSV files value by value per column (with \
            the first differing batch), events.jsonl line by line, charts byte for byte. Members \
            that say when or where a run ran are ignored: startedAt, endedAt, summary.seconds, \
            environment, data.path, epochs.csv's seconds, the events' elapsed, and the --out \
            value in commandLine. Prints each difference (folder, file, field or column, \
            expected and got) and exits with status 1 when there is any.
            """)

    @Argument(help: "The folder of recorded runs, such as Content/runs.")
    var expected: String

    @Argument(help: "The folder of regenerated runs.")
    var actual: String

    @Option(name: .long, help: ArgumentHelp("Compare only these run or sweep folders (comma list); extra folders in ACTUAL are then allowed.", valueName: "list"))
    var only: String?

    @Option(name: .long, help: ArgumentHelp("More run.json/group.json members to ignore (comma list of paths, such as group,commandLine).", valueName: "list"))
    var ignore: String?

    func run() throws {
        var comparison = RunComparison()
        if let only { comparison.folders = Self.list(only) }
        if let ignore { comparison.ignoredMembers.formUnion(Self.list(ignore)) }
        let report = try CommandFailure.report { try comparison.compare(expected: expected, actual: actual) }
        print(report.description)
        if !report.isIdentical { throw ExitCode.failure }
    }

    func validate() throws {
        if let only, Self.list(only).isEmpty { throw ValidationError("--only: give at least one folder name") }
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
