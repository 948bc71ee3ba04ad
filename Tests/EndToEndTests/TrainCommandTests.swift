import Foundation
import XCTest

/// `train` used as a user would: range tests, suggestions, fitting, fine-tuning and bad input.
/// Runs use the in-memory synthetic data so they are quick in debug builds.
final class TrainCommandTests: XCTestCase {
    private let quickData = ["--dataset", "synthetic", "--synthetic-count", "512", "--quiet"]

    private func json(_ url: URL) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    private func onlyRunFolder(in directory: URL, prefix: String) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(prefix) }
        XCTAssertEqual(names.count, 1, "run folders: \(names)")
        return directory.appendingPathComponent(try XCTUnwrap(names.first))
    }

    func testRangeTestWritesArtifactsAndSuggestAgreesWithThem() throws {
        // A plain ladder, and one holding each rate for 3 batches (run.json records it in `settings`).
        for (held, name) in [([String](), "plain"), (["--batches-per-step", "3", "--iterations", "20"], "held")] {
            let dir = try CommandRunner.temporaryDirectory(self)
            let result = try CommandRunner.run("train", ["lr-find", "--batch-size", "16", "--iterations", "30",
                                                         "--out", dir.path] + quickData + held)
            XCTAssertEqual(result.status, 0, result.stderr)
            let run = try onlyRunFolder(in: dir, prefix: "lrfind-mlp-bs16-s0-")
            let manifest = try json(run.appendingPathComponent("run.json"))
            XCTAssertEqual(manifest["status"] as? String, "completed", name)
            XCTAssertEqual(manifest["complete"] as? Bool, true, name)
            let settings = try XCTUnwrap(manifest["settings"] as? [String: Any], name)
            XCTAssertEqual(settings["batchesPerStep"] as? Int, held.isEmpty ? 1 : 3, name)
            for file in ["metrics.csv", "plot.svg"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent(file).path), file)
            }
            let stored = try XCTUnwrap(manifest["suggestions"] as? [String: [String: Any]])

            let suggest = try CommandRunner.run("train", ["suggest", run.appendingPathComponent("metrics.csv").path, "--json"])
            XCTAssertEqual(suggest.status, 0, suggest.stderr)
            let printed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(suggest.stdout.utf8)) as? [String: Any])
            let suggestions = try XCTUnwrap(printed["suggestions"] as? [String: [String: Any]])
            for method in ["minimum", "steep", "valley", "slide"] {
                guard let fromRun = stored[method]?["lr"] as? Double else {
                    // Unavailable (20 rungs are too few for slide): for the same reason on both sides.
                    let reason = try XCTUnwrap(stored[method]?["reason"] as? String, "\(name) \(method)")
                    XCTAssertEqual(suggestions[method]?["reason"] as? String, reason, "\(name) \(method)")
                    continue
                }
                let fromSuggest = try XCTUnwrap(suggestions[method]?["lr"] as? Double, "\(name) \(method)")
                XCTAssertEqual(fromSuggest, fromRun, accuracy: abs(fromRun) * 1e-6, "\(name) \(method)")
            }
        }
    }

    func testBenchPrintsStepTimesAndDataLoadingNamesAMissingFile() throws {
        let steps = try CommandRunner.run("train", ["bench", "--model", "mlp", "--batch-size", "4", "--steps", "3",
                                                    "--warmup", "1", "--json"])
        XCTAssertEqual(steps.status, 0, steps.stderr)
        let timing = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(steps.stdout.utf8)) as? [String: Any])
        XCTAssertGreaterThan(try XCTUnwrap(timing["ms_per_step"] as? Double), 0)
        XCTAssertGreaterThan(try XCTUnwrap(timing["cpu_ms_per_step"] as? Double), 0)
        XCTAssertEqual(timing["steps"] as? Int, 3)

        let empty = try CommandRunner.temporaryDirectory(self)
        let loading = try CommandRunner.run("train", ["bench", "--data-loading", "--data", empty.path])
        XCTAssertNotEqual(loading.status, 0)
        XCTAssertTrue(loading.stderr.contains(empty.path) && loading.stderr.contains("train-images"), loading.stderr)
        let misplaced = try CommandRunner.run("train", ["bench", "--data", empty.path])
        XCTAssertNotEqual(misplaced.status, 0)
        XCTAssertTrue(misplaced.stderr.contains("--data goes with --data-loading"), misplaced.stderr)
    }

    func testSameSeedGivesIdenticalCurves() throws {
        var curves: [String] = []
        for _ in 0..<2 {
            let dir = try CommandRunner.temporaryDirectory(self)
            let result = try CommandRunner.run("train", ["lr-find", "--iterations", "20", "--seed", "3",
                                                         "--out", dir.path] + quickData)
            XCTAssertEqual(result.status, 0, result.stderr)
            let run = try onlyRunFolder(in: dir, prefix: "lrfind-")
            curves.append(try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8))
        }
        XCTAssertEqual(curves[0], curves[1])
        XCTAssertEqual(curves[0].split(separator: "\n").count, 1 + 20, "a header and a row for each of the 20 batches")
    }

    func testFitSaveAndFineTuneOnOtherClasses() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let checkpoint = dir.appendingPathComponent("pretrained.ckpt").path
        let fit = try CommandRunner.run("train", ["fit", "--epochs", "1", "--batch-size", "32", "--lr", "0.01",
                                                  "--classes", "0,1,2,3,4", "--save", checkpoint,
                                                  "--out", dir.path] + quickData)
        XCTAssertEqual(fit.status, 0, fit.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint))
        let fitRun = try onlyRunFolder(in: dir, prefix: "fit-")
        let epochs = try String(contentsOf: fitRun.appendingPathComponent("epochs.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(epochs.first, ["epoch", "train_loss", "valid_loss", "accuracy", "error_rate", "seconds"])
        XCTAssertEqual(epochs.dropFirst().map { $0[0] }, ["0"], "one row for the one epoch")
        let fitManifest = try json(fitRun.appendingPathComponent("run.json"))
        let fitClasses = try XCTUnwrap((fitManifest["data"] as? [String: Any])?["classes"] as? [String])
        XCTAssertEqual(fitClasses.count, 5, "\(fitClasses)")

        let tune = try CommandRunner.run("train", ["fine-tune", "--from", checkpoint, "--classes", "5,6,7,8,9",
                                                   "--freeze-epochs", "1", "--epochs", "1", "--lr", "0.01",
                                                   "--batch-size", "32", "--out", dir.path] + quickData)
        XCTAssertEqual(tune.status, 0, tune.stderr)
        let tuneRun = try onlyRunFolder(in: dir, prefix: "finetune-")
        let tuned = try json(tuneRun.appendingPathComponent("run.json"))
        XCTAssertEqual(tuned["status"] as? String, "completed")
        XCTAssertEqual((tuned["summary"] as? [String: Any])?["epochs"] as? Int, 2, "one frozen and one unfrozen epoch")
        let tunedClasses = try XCTUnwrap((tuned["data"] as? [String: Any])?["classes"] as? [String])
        XCTAssertEqual(tunedClasses.count, 5, "\(tunedClasses)")
        XCTAssertTrue(Set(tunedClasses).isDisjoint(with: fitClasses), "fine-tuned on the other classes: \(tunedClasses)")
        let tunedEpochs = try String(contentsOf: tuneRun.appendingPathComponent("epochs.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } }
        XCTAssertEqual(tunedEpochs, ["0", "1"])
    }

    /// The library's rules reach the user once, with the flag the user typed: each bad value is
    /// refused before any work (nothing printed on stdout, no run folder), and no library name
    /// (`RangeTestSettings.startLR`, `batchSize`) leaks into the message.
    func testLibraryRulesAreReportedWithTheirFlags() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let synthetic = ["--data-source", "synthetic", "--synthetic-count", "64"]
        let cases: [([String], String)] = [
            (["lr-find", "--start-lr", "0"], "invalid value '0.0' for --start-lr"),
            (["lr-find", "--end-lr", "1e-9"], "for --end-lr"),
            (["lr-find", "--iterations", "5"], "for --iterations"),
            (["lr-find", "--batches-per-step", "0"], "for --batches-per-step"),
            (["lr-find", "--divergence-factor", "1"], "for --divergence-factor"),
            (["lr-find", "--validation-batches", "0"], "for --validation-batches"),
            (["lr-find", "--validation-batches", "2", "--valid-fraction", "0"], "(--valid-fraction above 0)"),
            (["lr-find", "--lr-mults", "1,0"], "for --lr-mults"),
            (["lr-find", "--lr-mults", "1,x"], "--lr-mults: 'x' is not a number"),
            (["lr-find", "--verify", "--verify-steps", "0"], "for --verify-steps"),
            (["lr-find", "--verify", "--valid-fraction", "0"], "for --verify-steps"),
            (["lr-find", "--batch-sizes", "8,0"], "for --batch-sizes"),
            (["lr-find", "--batch-sizes", "8,8"], "for --batch-sizes: a batch size is repeated"),
            (["lr-find", "--seeds", "1,1"], "for --seeds"),
            (["lr-find", "--seeds", "1", "--jobs", "0"], "for --jobs"),
            (["lr-find", "--momentum", "1"], "for --momentum"),
            (["lr-find", "--weight-decay=-1"], "for --weight-decay"),
            (["lr-find", "--nesterov", "--optimizer", "adam"], "the sgd optimizer (--optimizer)"),
            (["lr-find", "--valid-fraction", "1"], "for --valid-fraction"),
            (["lr-find", "--train-limit", "0"], "for --train-limit"),
            (["lr-find", "--classes", "3,3"], "for --classes"),
            (["lr-find", "--classes=-1,2"], "for --classes"),
            (["lr-find", "--record", "csv,xml"], "for --record: unknown recorder 'xml'"),
            (["lr-find", "--model", "nope"], "--model: unknown model 'nope'"),
            (["lr-find", "--data-source", "nope"], "--data-source: unknown data source 'nope'"),
            (["lr-find", "--callbacks", "nope"], "--callbacks: unknown callback 'nope'"),
            (["lr-find", "--data", dir.appendingPathComponent("nothing").path], "(--data-source)"),
            (["lr-find", "--lr-mults", "1,1,1"] + synthetic, "for --lr-mults: 3 multipliers"),
            (["lr-find", "--data-source", "synthetic", "--synthetic-count", "1"], "for --synthetic-count"),
            (["fit", "--epochs", "0"], "for --epochs"),
            (["fit", "--lr", "0"], "for --lr"),
            (["fit", "--batch-size", "0"], "for --batch-size"),
            (["fine-tune"], "--from is not set"),
            (["fine-tune", "--from", "x.ckpt", "--freeze-epochs=-1"], "for --freeze-epochs"),
            (["fine-tune", "--from", "x.ckpt", "--lr-mult", "0.5"], "for --lr-mult"),
            (["bench", "--model", "nope"], "--model: unknown model 'nope'"),
        ]
        let libraryNames = ["RangeTestSettings", "RangeTestJob", "FitJob", "FineTuner", "SweepJob", "OptimizerSettings",
                            "DataRequest", "SuggestionVerifier", "`batchSize`", "`records`", "`model`", "`outputDirectory`"]
        let out = dir.appendingPathComponent("runs")
        for (arguments, expected) in cases {
            let result = try CommandRunner.run("train", arguments + (arguments[0] == "bench" ? [] : ["--out", out.path]))
            XCTAssertNotEqual(result.status, 0, "\(arguments) should fail")
            XCTAssertTrue(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            for name in libraryNames { XCTAssertFalse(result.stderr.contains(name), "\(arguments): \(result.stderr)") }
            XCTAssertEqual(result.stdout, "", "\(arguments): nothing runs")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(arguments) made \(out.path)")
        }
    }

    func testBadInputGetsAClearMessageAndAFailingStatus() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let cases: [([String], String)] = [
            (["lr-find", "--model", "transformer"], "transformer"),
            (["lr-find", "--iterations", "3"], "--iterations"),
            (["lr-find", "--batch-size", "0"], "--batch-size"),
            (["fine-tune", "--from", dir.appendingPathComponent("missing.ckpt").path], "missing.ckpt"),
            (["suggest", dir.appendingPathComponent("nothing.csv").path], "nothing.csv"),
        ]
        for (arguments, expected) in cases {
            let result = try CommandRunner.run("train", arguments + ["--out", dir.path].filter { _ in arguments[0] != "suggest" })
            XCTAssertNotEqual(result.status, 0, "\(arguments) should fail")
            XCTAssertTrue(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
        let csv = dir.appendingPathComponent("other-tool.csv")
        try "step,value\n1,2\n".write(to: csv, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run("train", ["suggest", csv.path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("other-tool.csv:1") && result.stderr.contains("lr"), result.stderr)
    }
}
