import Foundation
import LRLabTestSupport
import XCTest

/// `--model FILE.yaml` as a user meets it: the shipped resnet file on an exported image folder runs
/// the range test the built-in `resnet` runs, its keys name the exported weights, and a mistake in
/// the file is named by file, line and key before anything trains.
final class ModelFileCommandTests: XCTestCase {
    private var examples: URL { CommandRunner.packageRoot.appendingPathComponent("Examples/models") }

    /// The only run folder under `runs`, and its run.json.
    private func onlyRun(_ runs: URL) throws -> (folder: URL, manifest: [String: Any]) {
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        let folder = runs.appendingPathComponent(name)
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("run.json"))) as? [String: Any])
        return (folder, manifest)
    }

    func testTheResNetFileRunsTheBuiltInResNetsRangeTestOnAnImageFolder() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let images = dir.appendingPathComponent("fashion-png")
        let export = try CommandRunner.run("train", ["data", "export", "--format", "png", "--limit-per-class", "12",
                                                     "--classes", "0,1,7", "--out", images.path])
        XCTAssertEqual(export.status, 0, export.stderr)

        func rangeTest(_ model: String, _ out: String) throws -> (manifest: [String: Any], metrics: String) {
            let runs = dir.appendingPathComponent(out)
            let find = try CommandRunner.run("train", ["lr-find", "--data", images.path, "--model", model, "--size", "32",
                                                       "--batch-size", "8", "--iterations", "6", "--valid-fraction", "0.25",
                                                       "--out", runs.path, "--quiet"])
            XCTAssertEqual(find.status, 0, find.stderr)
            let run = try onlyRun(runs)
            return (run.manifest, try String(contentsOf: run.folder.appendingPathComponent("metrics.csv"), encoding: .utf8))
        }
        let file = examples.appendingPathComponent("resnet.yaml").path
        let builtIn = try rangeTest("resnet", "builtin")
        let fromFile = try rangeTest(file, "file")

        let model = try XCTUnwrap(fromFile.manifest["model"] as? [String: Any])
        let builtInModel = try XCTUnwrap(builtIn.manifest["model"] as? [String: Any])
        XCTAssertEqual(model["name"] as? String, file)
        XCTAssertEqual(model["parameterCount"] as? Int, builtInModel["parameterCount"] as? Int)
        let groups = try XCTUnwrap(model["groups"] as? [[String: Any]])
        XCTAssertEqual(groups.map { $0["name"] as? String }, ["body", "head"])
        XCTAssertEqual(groups.map { $0["layers"] as? [String] ?? [] }.first?.first, "Conv2d(1, 16, kernel 3, padding 1, no bias)")
        XCTAssertEqual(groups.last?["layers"] as? [String], ["Linear(64, 3)"])
        XCTAssertEqual(groups.map { ($0["layers"] as? [String]) ?? [] },
                       (builtInModel["groups"] as? [[String: Any]])?.map { ($0["layers"] as? [String]) ?? [] })
        let data = try XCTUnwrap(fromFile.manifest["data"] as? [String: Any])
        XCTAssertEqual(data["exampleShape"] as? [Int], [1, 32, 32])

        // Same weights from the same seed, same batches: the same curve, loss for loss.
        let rows = fromFile.metrics.split(separator: "\n")
        XCTAssertEqual(rows.count, 7, fromFile.metrics)
        XCTAssertTrue(rows[0].hasPrefix("iteration,epoch,lr,momentum,loss,smooth_loss"), fromFile.metrics)
        XCTAssertEqual(fromFile.metrics, builtIn.metrics)
    }

    func testExportAndInitFromUseTheKeysTheFileNames() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let cnn = examples.appendingPathComponent("cnn.yaml").path
        let quickData = ["--data-source", "synthetic", "--synthetic-count", "256", "--quiet"]
        let checkpoint = dir.appendingPathComponent("cnn.ckpt").path
        let weights = dir.appendingPathComponent("cnn.safetensors").path
        // The checkpoint keeps the model file's text: it exports after the file is gone.
        let ownCopy = dir.appendingPathComponent("my-cnn.yaml").path
        try FileManager.default.copyItem(atPath: cnn, toPath: ownCopy)
        let fit = try CommandRunner.run("train", ["fit", "--model", ownCopy, "--epochs", "1", "--batch-size", "32", "--save", checkpoint,
                                                  "--out", dir.appendingPathComponent("fit").path] + quickData)
        XCTAssertEqual(fit.status, 0, fit.stderr)
        try FileManager.default.removeItem(atPath: ownCopy)
        let export = try CommandRunner.run("train", ["export", "--from", checkpoint, "--format", "safetensors", "--out", weights])
        XCTAssertEqual(export.status, 0, export.stderr)

        let python = try TestPython.interpreter()
        let shapes = try CommandRunner.run(python, ["-c", """
            import json, sys
            from safetensors.numpy import load_file
            print(json.dumps({k: list(v.shape) for k, v in load_file(sys.argv[1]).items()}, sort_keys=True))
            """, weights])
        XCTAssertEqual(shapes.status, 0, shapes.stderr)
        XCTAssertEqual(shapes.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                       #"{"classifier.bias": [10], "classifier.weight": [10, 1568], "features.0.bias": [16], "#
                       + #""features.0.weight": [16, 1, 3, 3], "features.1.bias": [16], "features.1.num_batches_tracked": [], "#
                       + #""features.1.running_mean": [16], "features.1.running_var": [16], "features.1.weight": [16], "#
                       + #""features.4.bias": [32], "features.4.weight": [32, 16, 3, 3]}"#)

        func firstLoss(_ arguments: [String], out: String) throws -> String? {
            let runs = dir.appendingPathComponent(out)
            let find = try CommandRunner.run("train", ["lr-find", "--model", cnn, "--batch-size", "32", "--iterations", "6",
                                                       "--out", runs.path] + arguments + quickData)
            XCTAssertEqual(find.status, 0, find.stderr)
            let metrics = try String(contentsOf: try onlyRun(runs).folder.appendingPathComponent("metrics.csv"), encoding: .utf8)
            return metrics.split(separator: "\n").dropFirst().first.map { String($0.split(separator: ",")[4]) }
        }
        let fromCheckpoint = try firstLoss(["--from", checkpoint], out: "a")
        XCTAssertEqual(try firstLoss(["--init-from", weights], out: "b"), fromCheckpoint)
        XCTAssertNotEqual(try firstLoss([], out: "c"), fromCheckpoint, "the trained weights were loaded, not fresh ones")

        // A file numpy writes under other names is refused with every difference listed.
        let renamed = dir.appendingPathComponent("renamed.safetensors").path
        let rewrite = try CommandRunner.run(python, ["-c", """
            import sys
            from safetensors.numpy import load_file, save_file
            t = load_file(sys.argv[1])
            t["fc.weight"] = t.pop("classifier.weight")
            t["features.4.bias"] = t["features.4.bias"][:8]
            save_file(t, sys.argv[2])
            """, weights, renamed])
        XCTAssertEqual(rewrite.status, 0, rewrite.stderr)
        let wrong = try CommandRunner.run("train", ["lr-find", "--model", cnn, "--init-from", renamed,
                                                    "--out", dir.appendingPathComponent("d").path] + quickData)
        XCTAssertNotEqual(wrong.status, 0)
        for phrase in [renamed, "missing tensor: `classifier.weight` [10, 1568]", "unexpected tensor (not in the model): `fc.weight`",
                       "`features.4.bias` is [8] there but [32] in the model"] {
            XCTAssertTrue(wrong.stderr.contains(phrase), "\(wrong.stderr) should contain \(phrase)")
        }
    }

    func testAMistakeInTheFileIsNamedByLineAndKey() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let file = dir.appendingPathComponent("bad.yaml")
        try "groups:\n  - name: body\n    layers:\n      - conv: {out: 4, kernal: 3}\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try CommandRunner.run("train", ["lr-find", "--model", file.path, "--data-source", "synthetic",
                                                  "--synthetic-count", "64", "--out", dir.appendingPathComponent("runs").path,
                                                  "--quiet"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("\(file.path):4:24: at `groups[0].layers[0].conv.kernal`: `conv` has no setting `kernal`; "
                                          + "did you mean `kernel`?"), run.stderr)
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("runs").path)) ?? []
        XCTAssertEqual(runs, [], "nothing ran")
    }
}
