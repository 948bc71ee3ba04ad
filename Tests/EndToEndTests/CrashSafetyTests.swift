#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import LRLabTestSupport
import XCTest

/// `train fit`, `lr-find`, `fine-tune` and a sweep killed with SIGKILL at random moments (seeded)
/// leave every run folder readable: run.json decodes and says `running` with its progress,
/// metrics.csv and the other files under final names are whole, temporary files are hidden,
/// TensorBoard reads the event files, and `report build` renders the killed runs.
final class CrashSafetyTests: XCTestCase {
    private let data = ["--dataset", "synthetic", "--synthetic-count", "512", "--quiet",
                        "--record", "csv,json,svg,tensorboard"]

    /// Where a command is killed: after a time, or once its metrics.csv files hold some rows.
    private enum KillPoint: CustomStringConvertible {
        case afterSeconds(Double)
        case afterRows(Int)

        var description: String {
            switch self {
            case .afterSeconds(let seconds): return String(format: "%.3f s after the start", seconds)
            case .afterRows(let rows): return "at metrics row \(rows)"
            }
        }
    }

    private struct Command {
        let name: String
        let arguments: (Int) -> [String]
        /// Rows all its metrics.csv files get in a whole run (about).
        let rows: Int
        /// The rows a kill may wait for: a sweep resumes its runs, so three kills must fit in one sweep.
        var killRows: ClosedRange<Int> { name == "sweep" ? 1...(rows / 4) : 1...(rows * 3 / 4) }
    }

    func testSigkillAtRandomBatchesLeavesReadableRunFolders() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let runs = dir.appendingPathComponent("runs")
        let pretrained = dir.appendingPathComponent("pretrained.ckpt").path
        let setup = try CommandRunner.run("train", ["fit", "--epochs", "1", "--batch-size", "32", "--lr", "0.01",
                                                    "--save", pretrained, "--out", dir.appendingPathComponent("setup").path]
                                          + data)
        XCTAssertEqual(setup.status, 0, setup.stderr)

        let commands = [
            Command(name: "fit", arguments: { round in
                ["fit", "--epochs", "3", "--batch-size", "8", "--lr", "0.01",
                 "--save", dir.appendingPathComponent("fit-\(round).ckpt").path, "--out", runs.path] + self.data
            }, rows: 150),
            Command(name: "lr-find", arguments: { _ in
                ["lr-find", "--batch-size", "8", "--iterations", "200", "--end-lr", "0.01", "--out", runs.path] + self.data
            }, rows: 200),
            Command(name: "fine-tune", arguments: { _ in
                ["fine-tune", "--from", pretrained, "--freeze-epochs", "1", "--epochs", "2", "--batch-size", "8",
                 "--lr", "0.01", "--out", runs.path] + self.data
            }, rows: 150),
            Command(name: "sweep", arguments: { _ in
                ["lr-find", "--batch-sizes", "8,16", "--seeds", "0,1", "--iterations", "200", "--end-lr", "0.01",
                 "--jobs", "2", "--out", runs.path] + self.data
            }, rows: 800),
        ]
        var random = SeededRandom(seed: 15)
        var kills: [String: Int] = [:]
        var eventFiles = Set<String>()
        var leftovers = Set<String>()
        var foldersChecked = 0
        for round in 0..<4 {
            for command in commands {
                // One kill per command by time (it may land in the start-up), the others at a row.
                let point: KillPoint = round == 0 ? .afterSeconds(random.double(in: 0.02...0.8))
                    : .afterRows(random.int(in: command.killRows))
                let killed = try launchAndKill(command.arguments(round), at: point, runs: runs)
                if killed { kills[command.name, default: 0] += 1 }
                let findings = RunFolderChecks.check(runs: runs)
                XCTAssertEqual(findings.problems, [], "\(command.name) killed \(point)")
                if killed, case .afterRows = point {
                    XCTAssertTrue(findings.manifests.values.contains { $0["status"] as? String == "running" },
                                  "\(command.name) killed \(point): no run.json says running")
                }
                let checkpoint = dir.appendingPathComponent("fit-\(round).ckpt").path
                if command.name == "fit", FileManager.default.fileExists(atPath: checkpoint) {
                    let export = try CommandRunner.run("train", ["export", "--from", checkpoint,
                                                                 "--out", checkpoint + ".safetensors"])
                    XCTAssertEqual(export.status, 0, "the checkpoint left by a killed fit loads: \(export.stderr)")
                }
                foldersChecked += findings.manifests.count
                eventFiles.formUnion(findings.eventFiles)
                leftovers.formUnion(findings.leftoverTemporaries)
            }
        }
        XCTAssertEqual(readerProblems, [], "what readers saw while the commands ran")
        let total = kills.values.reduce(0, +)
        print("CrashSafetyTests: \(total) kills \(kills.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }); "
              + "\(foldersChecked) run-folder checks, \(readsWhileRunning) reads while running, \(eventFiles.count) TensorBoard files; "
              + "\(leftovers.count) hidden temporary file(s) left by killed writes")
        XCTAssertGreaterThanOrEqual(total, 12, "most launches are killed before they end: \(kills)")
        for command in commands { XCTAssertGreaterThanOrEqual(kills[command.name] ?? 0, 2, command.name) }
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: dir.path).contains { $0.contains(".tmp") && !$0.hasPrefix(".") })

        try RunFolderChecks.checkEventFiles(eventFiles.filter { FileManager.default.fileExists(atPath: $0) }.sorted())

        // The report renders the killed runs as unfinished (needs the report's support for
        // runs without plot.svg).
        let site = dir.appendingPathComponent("site")
        let content = dir.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("posts"), withIntermediateDirectories: true)
        let build = try CommandRunner.run("report", ["build", "--content", content.path,
                                                     "--templates", CommandRunner.packageRoot.appendingPathComponent("Templates").path,
                                                     "--runs", runs.path, "--output", site.path])
        XCTAssertEqual(build.status, 0, "report build over killed runs: \(build.stderr)")
        let running = RunFolderChecks.check(runs: runs).manifests.filter { $0.value["status"] as? String == "running" }
        XCTAssertFalse(running.isEmpty)
        if build.status == 0 {
            for id in running.keys.sorted() {
                let page = site.appendingPathComponent("runs/\(id).html")
                let html = (try? String(contentsOf: page, encoding: .utf8)) ?? ""
                XCTAssertTrue(html.lowercased().contains("unfinished"), "\(page.path) shows the killed run as unfinished")
            }
        }
        if let walker = FileManager.default.enumerator(atPath: site.path) {
            while let path = walker.nextObject() as? String {
                XCTAssertFalse(path.contains(".tmp-"), "the site picked up a temporary file: \(path)")
            }
        }
    }

    /// Starts `train arguments`, kills it with SIGKILL at `point` and waits for it; false when it
    /// ended by itself first.
    private func launchAndKill(_ arguments: [String], at point: KillPoint, runs: URL) throws -> Bool {
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("train")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        let deadline = started.addingTimeInterval(120)
        func reached() -> Bool {
            switch point {
            case .afterSeconds(let seconds): return Date().timeIntervalSince(started) >= seconds
            case .afterRows(let rows): return rowsWritten(in: runs, since: started) >= rows
            }
        }
        // Meanwhile read the files as a reader would (the report, `report serve`): each read of
        // run.json and plot.svg sees a whole file, never one being rewritten in place.
        while process.isRunning, Date() < deadline, !reached() {
            for problem in readWhileRunning(runs, since: started) where !readerProblems.contains(problem) {
                readerProblems.append(problem)
            }
        }
        var killed = false
        if process.isRunning {
            killed = kill(process.processIdentifier, SIGKILL) == 0
        }
        process.waitUntilExit()
        if killed {
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, "\(arguments)")
            XCTAssertEqual(process.terminationStatus, SIGKILL, "\(arguments)")
        } else {
            print("CrashSafetyTests: \(arguments.prefix(2)) ended (status \(process.terminationStatus)) before \(point)")
        }
        return killed && process.terminationReason == .uncaughtSignal
    }

    /// Problems a reader of the running command's run.json and plot.svg files met.
    private var readerProblems: [String] = []
    private var readsWhileRunning = 0

    /// Reads run.json and plot.svg of the run folders changed since `start`; the problems seen.
    private func readWhileRunning(_ runs: URL, since start: Date) -> [String] {
        var findings = RunFolderChecks.Findings()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? [] where !name.hasPrefix(".") {
            let folder = runs.appendingPathComponent(name)
            let manifest = folder.appendingPathComponent("run.json")
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: manifest.path))?[.modificationDate] as? Date,
                  modified >= start else { continue }
            _ = RunFolderChecks.jsonObject(manifest, &findings)
            RunFolderChecks.checkSVG(folder.appendingPathComponent("plot.svg"), &findings)
            readsWhileRunning += 1
        }
        return findings.problems
    }

    /// Data rows in the metrics.csv files changed since `start` (those of the running command).
    private func rowsWritten(in runs: URL, since start: Date) -> Int {
        var rows = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? [] where !name.hasPrefix(".") {
            let path = runs.appendingPathComponent(name).appendingPathComponent("metrics.csv").path
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  modified >= start, let data = FileManager.default.contents(atPath: path) else { continue }
            rows += max(0, data.reduce(0) { $1 == 10 ? $0 + 1 : $0 } - 1)
        }
        return rows
    }
}
