import ArgumentParser
import Foundation
import Report

struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark", abstract: "Generate many posts citing many runs in a temp folder and time the build.")

    @Option(help: "Number of posts.")
    var posts = 1000
    @Option(help: "Number of runs.")
    var runs = 500
    @Option(help: "Templates folder.")
    var templates = "Templates"
    @Option(help: "Folder to create the benchmark tree in (default: the system temporary folder).")
    var folder: String?
    @Flag(help: "Keep the generated Content/ and site/ (under --folder) instead of deleting them.")
    var keep = false

    func run() throws {
        let parent = folder.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let folder = parent.appendingPathComponent("lrlab-bench-\(getpid())")
        defer {
            if keep { print("Kept \(folder.path)") } else { try? FileManager.default.removeItem(at: folder) }
        }
        let content = folder.appendingPathComponent("Content")
        try BenchmarkFixture.generate(at: content, posts: posts, runs: runs)
        let output = folder.appendingPathComponent("site")
        let templatesURL = URL(fileURLWithPath: templates)
        let first = try BenchmarkFixture.timeBuild(content: content, templates: templatesURL, output: output)
        let second = try BenchmarkFixture.timeBuild(content: content, templates: templatesURL, output: output)
        func describe(_ result: (seconds: Double, cpuSeconds: Double, files: Int, phases: [(phase: String, seconds: Double)])) -> String {
            String(format: "%.2f s wall, %.2f s CPU", result.seconds, result.cpuSeconds) + " ("
                + result.phases.map { "\($0.phase) " + String(format: "%.2f", $0.seconds) }.joined(separator: ", ") + ")"
        }
        print("\(posts) posts, \(runs) runs -> \(first.files) files: first build \(describe(first)); rebuild \(describe(second))")
    }
}
