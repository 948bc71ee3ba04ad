import ArgumentParser
import Foundation
import Report

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Build, serve the site on 127.0.0.1, rebuild when content changes and follow running runs live.")

    @OptionGroup var site: SiteOptions
    @Option(help: "Port on 127.0.0.1 (0 picks a free one, printed in the first line).")
    var port: UInt16 = 8000

    func run() throws {
        let server = DevServer(options: site.buildOptions, port: port)
        do {
            // Each line is flushed at once (fflush(nil) flushes every stream), so a watching
            // process sees every rebuild as it happens.
            try server.run { print($0); fflush(nil) }
        } catch let error as ReportError {
            printToStandardError("error: \(error)")
            throw ExitCode.failure
        }
    }
}

