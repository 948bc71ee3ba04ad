import ArgumentParser
import Foundation
import Report

/// Options shared by `build` and `serve`.
struct SiteOptions: ParsableArguments {
    @Option(help: "Folder with posts/, runs/ and site.yml.")
    var content = "Content"
    @Option(help: "Folder with the Mustache templates and style.css.")
    var templates = "Templates"
    @Option(help: "Folder the site is written to (rewritten on each build).")
    var output = "site"
    @Option(name: .customLong("runs"), help: "Extra folder of run and sweep folders (repeatable).")
    var runs: [String] = []
    @Flag(help: "Include posts marked `draft: true`.")
    var drafts = false
    @Option(name: .customLong("base-url"), help: "Absolute site URL for feed and sitemap links.")
    var baseURL: String?
    @Flag(name: .customLong("keep-going"), help: "Skip bad posts and runs with a warning instead of failing.")
    var keepGoing = false
    @Option(help: "KaTeX folder (katex.min.js, katex.min.css, fonts/) for posts with math; default Debian's libjs-katex.")
    var katex: String?

    var buildOptions: BuildOptions {
        let url = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL }
        var options = BuildOptions(contentDirectory: url(content), templatesDirectory: url(templates),
                                   outputDirectory: url(output), runDirectories: runs.map(url),
                                   includeDrafts: drafts, baseURL: baseURL, keepGoing: keepGoing)
        if let katex { options.katexDirectory = url(katex) }
        return options
    }
}

/// Prints a build's outcome; warnings go to stderr.
func reportOutcome(_ report: BuildReport, output: String) {
    for warning in report.warnings { printToStandardError("warning: \(warning)") }
    if !report.warnings.isEmpty {
        printToStandardError("warning: \(report.warnings.count) item(s) skipped (--keep-going)")
    }
    print("Built \(report.pages.count) files into \(output)" + (report.removed.isEmpty ? "" : ", removed \(report.removed.count) stale"))
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Build the site into the output folder.")

    @OptionGroup var site: SiteOptions

    func run() throws {
        do {
            let report = try SiteBuilder(options: site.buildOptions).build()
            reportOutcome(report, output: site.output)
        } catch let error as ReportError {
            printToStandardError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
