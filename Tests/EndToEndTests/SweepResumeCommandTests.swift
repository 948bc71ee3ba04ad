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
