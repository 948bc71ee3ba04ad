import Foundation
import XCTest

/// A package of a user's own depends on LRLab by a git URL and a version, adds a callback, a
/// recorder, a data source and a model (Examples/UserPackage, the code of docs/extending.md),
/// builds, and runs `train fit` and `train lr-find` with them through its own executable.
final class UserPackageTests: XCTestCase {
    func testAUserPackageDependsOnATaggedLRLabAndRunsItsOwnExtensions() throws {
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
        XCTAssertTrue(help.contains("csv-table (a .csv file of numbers, the features then a class index on each line)"), help)
        XCTAssertTrue(help.contains("small-mlp (Linear(features, 32), ReLU | Linear(32, classes), for rows of features)"), help)

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

        try checkRangeTestWithTheExampleDataSourceAndModel(executable: executable, in: scratch)
    }

    /// `lr-find --data-source csv-table --model small-mlp` on a CSV table: the run's `run.json`
    /// names the package's source and model, and a bad line is reported with its file and line.
    private func checkRangeTestWithTheExampleDataSourceAndModel(executable: String, in scratch: URL) throws {
        // 240 points in 2 features, the class is whether they lie in the 1st/3rd or 2nd/4th quadrant.
        var lines = ["x,y,class"]
        for index in 0..<240 {
            let x = 2 * sin(Double(index) * 0.37), y = 2 * cos(Double(index) * 0.91)
            lines.append("\(x),\(y),\(x * y > 0 ? 1 : 0)")
        }
        let table = scratch.appendingPathComponent("points.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: table, atomically: true, encoding: .utf8)
        let out = scratch.appendingPathComponent("lr-find-runs")
        _ = try shell([executable, "lr-find", "--data-source", "csv-table", "--data", table.path, "--model", "small-mlp",
                       "--batch-size", "16", "--iterations", "30", "--record", "csv", "--out", out.path, "--quiet"],
                      in: scratch)
        let runs = try FileManager.default.contentsOfDirectory(atPath: out.path)
        XCTAssertEqual(runs.count, 1, "\(runs)")
        let run = out.appendingPathComponent(runs[0])
        let manifestData = try Data(contentsOf: run.appendingPathComponent("run.json"))
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        XCTAssertEqual(manifest["kind"] as? String, "lr-find")
        XCTAssertEqual(manifest["status"] as? String, "completed")
        let model = try XCTUnwrap(manifest["model"] as? [String: Any])
        XCTAssertEqual(model["name"] as? String, "small-mlp")
        // Linear(2, 32) and Linear(32, 2): 2 * 32 + 32 + 32 * 2 + 2 parameters.
        XCTAssertEqual(model["parameterCount"] as? Int, 162)
        let data = try XCTUnwrap(manifest["data"] as? [String: Any])
        XCTAssertEqual(data["name"] as? String, "csv-table")
        XCTAssertEqual(data["path"] as? String, table.path)
        XCTAssertEqual(data["classes"] as? [String], ["class 0", "class 1"])
        let trainCount = try XCTUnwrap(data["trainCount"] as? Int), validationCount = try XCTUnwrap(data["validationCount"] as? Int)
        XCTAssertEqual(trainCount + validationCount, 240, "every line of the table but the header is an example")
        XCTAssertEqual(validationCount, 24, "the default validation fraction 0.1")
        let points = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        XCTAssertGreaterThanOrEqual(points.count, 6, "a range test of at least 6 points")
        XCTAssertLessThanOrEqual(points.count, 30)

        // Found by its extension (no --data-source): the error names the file and the line.
        let bad = scratch.appendingPathComponent("bad.csv")
        try "x,y,class\n0.5,1.0,1\n0.5,oops,0\n".write(to: bad, atomically: true, encoding: .utf8)
        let failure = try shell([executable, "lr-find", "--data", bad.path, "--model", "small-mlp", "--out", out.path],
                                in: scratch, allowFailure: true)
        XCTAssertTrue(failure.contains("\(bad.path), line 3: write two or more finite numbers separated by commas"), failure)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).count, 1, "no run starts on bad data")
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
