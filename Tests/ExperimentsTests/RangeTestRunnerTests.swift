import ArtifactSchema
import CurveAnalysis
import Foundation
import NeuralNet
import Recorders
import TensorCore
import Training
import LRLabTestSupport
import XCTest
@testable import Experiments
@testable import LRFinder

final class RangeTestRunnerTests: XCTestCase {
    func testRunStoresSuggestionsAndAnalysisInRunJSON() throws {
        let out = try TestRuns.folder(self)
        let run = try RangeTestRunner.run(TestRuns.job(out: out), data: TestRuns.data)
        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: run.directory + "/run.json")))
        XCTAssertEqual(manifest.status, .completed)
        XCTAssertTrue(manifest.complete)
        XCTAssertEqual(manifest.kind, .lrFind)
        XCTAssertEqual(manifest.id, run.id)
        XCTAssertTrue(run.id.hasPrefix("lrfind-mlp-bs16-s0-"), run.id)
        let suggestions = try XCTUnwrap(manifest.suggestions)
        XCTAssertEqual(Set(suggestions.keys), ["minimum", "steep", "valley", "slide"])
        for method in SuggestionMethod.allCases {
            XCTAssertEqual(suggestions[method.rawValue]?.lr, run.findings.suggestions[method].lr)
            XCTAssertTrue(suggestions[method.rawValue]?.lr != nil || suggestions[method.rawValue]?.reason != nil)
        }
        XCTAssertNotNil(suggestions["valley"]?.lr)
        let analysis = try XCTUnwrap(manifest.analysis)
        XCTAssertEqual(analysis.minimumLR, run.findings.analysis.minimumLR)
        // One CSV row per recorded batch, and the suggestions are marked on the plot.
        let rows = try TestRuns.text(run.directory + "/metrics.csv").split(separator: "\n")
        XCTAssertEqual(rows.count, run.points.count + 1)
        let plot = try TestRuns.text(run.directory + "/plot.svg")
        XCTAssertTrue(plot.contains("valley " + LRFormat.string(suggestions["valley"]!.lr!)), "marker label")
    }

    func testValidationModeAppendsValidLossColumn() throws {
        let out = try TestRuns.folder(self)
        var job = TestRuns.job(out: out, iterations: 8)
        job.settings.validationBatches = 2
        let run = try RangeTestRunner.run(job, data: TestRuns.data)
        let lines = try TestRuns.text(run.directory + "/metrics.csv").split(separator: "\n")
        XCTAssertTrue(lines[0].hasSuffix(",valid_loss"), String(lines[0]))
        let first = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(Float(first.last!)!, run.points[0].validLoss!, accuracy: 1e-6)
    }

    func testModelThatOutputsNaNFromTheStartIsDivergedNotACrash() throws {
        let out = try TestRuns.folder(self)
        var rng = RandomGenerator(seed: 0)
        let model = Sequential(groups: [LayerGroup(name: "body", layers: [PoisonLayer(from: 0), Flatten()]),
                                        LayerGroup(name: "head", layers: [Linear(784, 10, rng: &rng)])])
        let run = try RangeTestRunner.run(TestRuns.job(out: out), data: TestRuns.data, model: model)
        XCTAssertEqual(run.status, .diverged)
        XCTAssertEqual(run.points.count, 1)
        XCTAssertNil(run.findings.suggestions.valley.lr)
        XCTAssertNotNil(run.findings.suggestions.valley.reason)
        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: run.directory + "/run.json")))
        XCTAssertEqual(manifest.status, .diverged)
        XCTAssertNotNil(manifest.suggestions?["valley"]?.reason)
    }

    func testEmptyAndOnePointCurvesGiveReasons() {
        for points in [[], [RangeTestPoint(iteration: 0, learningRates: [1e-3], loss: 2, smoothLoss: 2)]] {
            let findings = RangeTestFindings(points: points, numIterations: 100)
            for method in SuggestionMethod.allCases {
                XCTAssertNil(findings.suggestions[method].lr)
                XCTAssertFalse(findings.suggestions[method].reason?.isEmpty ?? true)
            }
            XCTAssertFalse(findings.summary.isEmpty)
        }
    }

    func testBadSettingsNameTheSetting() throws {
        let out = try TestRuns.folder(self)
        var unknown = TestRuns.job(out: out)
        unknown.model = "no-such-model"
        var zeroBatch = TestRuns.job(out: out)
        zeroBatch.batchSize = 0
        var fewIterations = TestRuns.job(out: out)
        fewIterations.settings.iterations = 3
        for (job, flag) in [(unknown, "unknown model 'no-such-model': the registered models are mlp, cnn"), (zeroBatch, "`RangeTestJob.batchSize`"), (fewIterations, "`RangeTestSettings.iterations`")] {
            XCTAssertThrowsError(try RangeTestRunner.run(job, data: TestRuns.data)) {
                XCTAssertTrue("\($0)".contains(flag), "\($0)")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [], "nothing written for bad settings")
    }

    func testFromCheckpointStartsFromTheSavedModel() throws {
        let out = try TestRuns.folder(self)
        let checkpoint = out + "/trained.ckpt"
        _ = try FitRunner.run(FitJob(model: "mlp", epochs: 2, learningRate: 0.05, batchSize: 16, records: [],
                                     outputDirectory: out, save: checkpoint, quiet: true), data: TestRuns.data)
        let fresh = try RangeTestRunner.run(TestRuns.job(out: out, iterations: 6), data: TestRuns.data)
        var job = TestRuns.job(out: out, iterations: 6)
        job.checkpoint = checkpoint
        let resumed = try RangeTestRunner.run(job, data: TestRuns.data)
        XCTAssertNotEqual(fresh.id, resumed.id, "the checkpoint is part of the settings")
        XCTAssertLessThan(resumed.points[0].loss, fresh.points[0].loss * 0.9, "the trained model starts lower")
    }
}

/// Ctrl-C during a range test leaves an `interrupted` run with a restored model.
final class InterruptTests: XCTestCase {
    func testInterruptMarksTheRunInterrupted() throws {
        let out = try TestRuns.folder(self)
        let handler = InterruptHandler()
        handler.install()
        defer {
            handler.uninstall()
            InterruptHandler.clearPendingSignal()
        }
        raise(SIGINT)
        XCTAssertEqual(InterruptHandler.pendingSignal, SIGINT)
        let run = try RangeTestRunner.run(TestRuns.job(out: out), data: TestRuns.data)
        XCTAssertEqual(run.status, .interrupted)
        XCTAssertTrue(run.outcome.isInterrupted)
        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: run.directory + "/run.json")))
        XCTAssertEqual(manifest.status, .interrupted)
        XCTAssertFalse(manifest.complete)
    }
}
