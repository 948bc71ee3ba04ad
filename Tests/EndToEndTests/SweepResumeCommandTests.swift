import Foundation
import XCTest

/// A sweep stopped by SIGTERM (as Slurm stops a task at its time limit or on preemption) marks
/// its run interrupted; running the same command again skips the completed run and redoes the
/// others in their folders.
final class SweepResumeCommandTests: XCTestCase {
    func testSigtermMarksTheRunInterruptedAndTheRerunResumesInPlace() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let runs = dir.appendingPathComponent("runs")
        let arguments = ["lr-find", "--data-source", "synthetic", "--synthetic-count", "512", "--batch-sizes", "8",
                         "--seeds", "0,1,2", "--iterations", "600", "--end-lr", "0.01", "--jobs", "1", "--out", runs.path]
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("train")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Runs go one at a time in seed order: once the second run's folder exists, the first is done.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline, try runFolders(runs).count < 2 { Thread.sleep(forTimeInterval: 0.01) }
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0, "an interrupted sweep fails")
        let folders = try runFolders(runs)
        XCTAssertEqual(folders.count, 2, "\(folders)")
        XCTAssertEqual(try folders.map { try status(runs, $0) }, ["completed", "interrupted"])
        let completed = try String(contentsOf: runs.appendingPathComponent("\(folders[0])/run.json"), encoding: .utf8)

        let again = try CommandRunner.run("train", arguments)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains(": 1 of 3 runs already completed with the same settings, skipped; running the other 2"),
                      again.stdout)
        let after = try runFolders(runs)
        XCTAssertEqual(after.count, 3, "the interrupted run redone in its own folder, no -2 copy: \(after)")
        XCTAssertTrue(Set(folders).isSubset(of: after))
        XCTAssertEqual(try after.map { try status(runs, $0) }, ["completed", "completed", "completed"])
        XCTAssertEqual(try String(contentsOf: runs.appendingPathComponent("\(folders[0])/run.json"), encoding: .utf8), completed,
                       "the completed run was skipped, not rewritten")
    }

    /// The run folders in the order the sweep made them (seed order here).
    private func runFolders(_ runs: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: runs.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: runs.path).filter { $0.hasPrefix("lrfind-") }
            .sorted { seed(of: $0) < seed(of: $1) }
    }

    private func seed(of folder: String) -> Int {
        Int(folder.split(separator: "-").first { $0.hasPrefix("s") && Int($0.dropFirst()) != nil }?.dropFirst() ?? "") ?? -1
    }

    private func status(_ runs: URL, _ folder: String) throws -> String {
        let data = try Data(contentsOf: runs.appendingPathComponent("\(folder)/run.json"))
        return try XCTUnwrap((JSONSerialization.jsonObject(with: data) as? [String: Any])?["status"] as? String)
    }
}

/// Bad shard and Slurm flags get a message naming the flag and a failing status, before any run.
final class ClusterFlagTests: XCTestCase {
    func testBadFlagsNameTheFlag() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let sweep = ["lr-find", "--data-source", "synthetic", "--synthetic-count", "64", "--iterations", "8",
                     "--batch-sizes", "8,4", "--out", dir.appendingPathComponent("runs").path]
        let cases: [([String], String)] = [
            (["--shard", "2/2"], "--shard"),
            (["--shard", "1/2", "--slurm"], "--shard"),
            (["--slurm-wait"], "--slurm-wait goes with --slurm"),
            (["--slurm", "--slurm-time", "1h"], "--slurm-time"),
            (["--slurm", "--slurm-runs-per-task", "0"], "--slurm-runs-per-task"),
            (["--slurm", "--slurm-extra", "mem=4G"], "--slurm-extra"),
            (["--slurm-dry-run", "--slurm-wait"], "--slurm-wait"),
        ]
        for (extra, expected) in cases {
            let result = try CommandRunner.run("train", sweep + extra)
            XCTAssertNotEqual(result.status, 0, "\(extra)")
            XCTAssertTrue(result.stderr.contains(expected), "\(extra): \(result.stderr)")
        }
        let single = try CommandRunner.run("train", ["lr-find", "--data-source", "synthetic", "--synthetic-count", "64",
                                                     "--iterations", "8", "--shard", "0/2", "--out", dir.path])
        XCTAssertNotEqual(single.status, 0)
        XCTAssertTrue(single.stderr.contains("--batch-sizes or --seeds"), single.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs").path), "nothing ran")

        let collect = try CommandRunner.run("train", ["sweep", "collect", dir.path])
        XCTAssertEqual(collect.status, 1)
        XCTAssertTrue(collect.stderr.contains("\(dir.path)/sweep.json") && collect.stderr.contains("group folder"), collect.stderr)
    }
}
