import ArgumentParser
import Foundation
import Report

struct NewPostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create Content/posts/<date>-<slug>.md with front matter (never overwrites).")

    @Argument(help: "Title of the post.")
    var title: String
    @Option(help: "Content folder.")
    var content = "Content"
    @Option(help: "Date as YYYY-MM-DD (default: today, UTC).")
    var date: String?

    func run() throws {
        do {
            let url = try PostScaffold.create(title: title, date: date ?? PostScaffold.today(),
                                              content: URL(fileURLWithPath: content))
            print("Created \(url.path) (a draft; build with --drafts to preview it)")
        } catch let error as ReportError {
            printToStandardError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
