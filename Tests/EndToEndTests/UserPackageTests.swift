import Foundation
import XCTest

/// A package of a user's own depends on LRLab by a git URL and a version, adds a callback and a
/// recorder (Examples/UserPackage), builds, and runs `train fit` through its own executable.
final class UserPackageTests: XCTestCase {
    func testAUserPackageDependsOnATaggedLRLabAndRunsItsOwnCallbackAndRecorder() throws {
        let root = CommandRunner.packageRoot
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-user-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        // LRLab as a user sees it: a git repository with a version tag (this checkout's files,
        // committed as they are now, so uncommitted work is tested too).
        let lrlab = scratch.appendingPathComponent("lrlab")
        let files = try shell(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], in: root)
            .split(separator: "\0").map(String.init)
        for file in files where FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path) {
            let target = lrlab.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: root.appendingPathComponent(file), to: target)
        }
        let identity = ["-c", "user.name=LRLab test", "-c", "user.email=test@lrlab.invalid"]
        _ = try shell(["git", "init", "-q"], in: lrlab)
        _ = try shell(["git", "add", "-A"], in: lrlab)
        _ = try shell(["git"] + identity + ["commit", "-q", "-m", "LRLab"], in: lrlab)
        _ = try shell(["git"] + identity + ["tag", "0.1.0"], in: lrlab)

        // The example package, pointed at that repository.
        let user = scratch.appendingPathComponent("mytrain")
        try FileManager.default.copyItem(at: root.appendingPathComponent("Examples/UserPackage"), to: user)
        let manifestURL = user.appendingPathComponent("Package.swift")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        XCTAssertTrue(manifest.contains("https://github.com/your-org/lrlab.git"))
        try manifest.replacingOccurrences(of: "https://github.com/your-org/lrlab.git", with: lrlab.absoluteString)
            .write(to: manifestURL, atomically: true, encoding: .utf8)
        let build = try shell(["swift", "build", "--package-path", user.path], in: user, allowFailure: true)
        XCTAssertFalse(build.contains("unsafe build flags"), build)
        XCTAssertTrue(build.contains("Build complete"), build)
        let executable = user.appendingPathComponent(".build/debug/mytrain").path

        // Words only: the help text wraps to the terminal's width.
        let help = try shell([executable, "fit", "--help"], in: user).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(help.contains("loss-log (loss-log.tsv, iteration and loss per batch)"), help)
        XCTAssertTrue(help.contains("gradient-norm (prints the largest gradient norm of the run)"), help)

        // 256 examples, a quarter held out: 192 for training, 6 batches of 32 per epoch, 2 epochs.
        let out = scratch.appendingPathComponent("runs")
        let fit = try shell([executable, "fit", "--data-source", "synthetic", "--synthetic-count", "256",
                             "--valid-fraction", "0.25", "--batch-size", "32", "--epochs", "2", "--lr", "0.01",
                             "--record", "csv,loss-log", "--callbacks", "gradient-norm", "--out", out.path, "--quiet"],
                            in: user)
        XCTAssertTrue(fit.contains("gradient-norm saw 12 batches"), fit)
        let runs = try FileManager.default.contentsOfDirectory(atPath: out.path)
        XCTAssertEqual(runs.count, 1, "\(runs)")
        let run = out.appendingPathComponent(runs[0])
        let log = try String(contentsOf: run.appendingPathComponent("loss-log.tsv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        let metrics = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(log.count, 12)
        XCTAssertEqual(metrics.count, 12)
        for (logged, recorded) in zip(log, metrics) {
            XCTAssertEqual(Int(logged[0]), Int(recorded[0]), "iteration")
            XCTAssertEqual(Float(logged[1]), Float(recorded[4]), "the recorder's loss is metrics.csv's loss")
        }
    }

    /// Runs `arguments` in `directory`; returns stdout and stderr together, failing on a non-zero exit.
    private func shell(_ arguments: [String], in directory: URL, allowFailure: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-shell-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = try String(contentsOf: output, encoding: .utf8)
        if !allowFailure && process.terminationStatus != 0 {
            XCTFail("\(arguments.joined(separator: " ")) exited with \(process.terminationStatus):\n\(text)")
        }
        return text
    }
}
