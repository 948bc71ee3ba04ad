import Foundation
import LRLabTestSupport
import XCTest

/// `train export` and `--init-from` as a user would use them, with the `safetensors` package
/// reading what LRLab wrote.
final class InteropCommandTests: XCTestCase {
    private let quickData = ["--data-source", "synthetic", "--synthetic-count", "512", "--quiet"]

    func testExportedWeightsLoadInNumpyAndStartARangeTestWhereTheCheckpointDoes() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let checkpoint = dir.appendingPathComponent("mlp.ckpt").path
        let weights = dir.appendingPathComponent("mlp.safetensors").path
        let fit = try CommandRunner.run("train", ["fit", "--epochs", "1", "--batch-size", "32", "--lr", "0.01",
                                                  "--save", checkpoint, "--out", dir.appendingPathComponent("fit").path]
                                                 + quickData)
        XCTAssertEqual(fit.status, 0, fit.stderr)
        let export = try CommandRunner.run("train", ["export", "--from", checkpoint, "--format", "safetensors", "--out", weights])
        XCTAssertEqual(export.status, 0, export.stderr)

        // The safetensors package's own reader sees PyTorch's names and shapes.
        let python = try TestPython.interpreter()
        let script = """
            import json, sys
            from safetensors.numpy import load_file
            t = load_file(sys.argv[1])
            print(json.dumps({k: list(v.shape) for k, v in t.items()}, sort_keys=True))
            """
        let shapes = try CommandRunner.run(python, ["-c", script, weights])
        XCTAssertEqual(shapes.status, 0, shapes.stderr)
        XCTAssertEqual(shapes.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                       #"{"1.bias": [256], "1.weight": [256, 784], "3.bias": [10], "3.weight": [10, 256]}"#)

        // The same weights through either door give the same first loss.
        func firstLoss(_ arguments: [String], out: String) throws -> String {
            let run = try CommandRunner.run("train", ["lr-find", "--batch-size", "32", "--iterations", "10",
                                                      "--out", dir.appendingPathComponent(out).path] + arguments + quickData)
            XCTAssertEqual(run.status, 0, run.stderr)
            let folder = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(out).path).first)
            let metrics = try String(contentsOf: dir.appendingPathComponent(out).appendingPathComponent(folder)
                .appendingPathComponent("metrics.csv"), encoding: .utf8)
            return String(try XCTUnwrap(metrics.split(separator: "\n").dropFirst().first).split(separator: ",")[4])
        }
        let fromCheckpoint = try firstLoss(["--from", checkpoint], out: "a")
        let fromWeights = try firstLoss(["--init-from", weights], out: "b")
        let fresh = try firstLoss([], out: "c")
        XCTAssertEqual(fromWeights, fromCheckpoint)
        XCTAssertNotEqual(fromWeights, fresh, "the trained weights were loaded, not fresh ones")
    }

    func testAMismatchedFileListsWhatIsWrong() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let checkpoint = dir.appendingPathComponent("cnn.ckpt").path
        let weights = dir.appendingPathComponent("cnn.safetensors").path
        let fit = try CommandRunner.run("train", ["fit", "--model", "cnn", "--epochs", "1", "--batch-size", "64",
                                                  "--save", checkpoint, "--out", dir.path] + quickData)
        XCTAssertEqual(fit.status, 0, fit.stderr)
        XCTAssertEqual(try CommandRunner.run("train", ["export", "--from", checkpoint, "--out", weights]).status, 0)
        let wrong = try CommandRunner.run("train", ["lr-find", "--model", "mlp", "--init-from", weights, "--out", dir.path]
                                                   + quickData)
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains(weights), wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("1.weight"), "names a missing tensor: \(wrong.stderr)")
    }
}
