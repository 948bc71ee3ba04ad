import ArtifactSchema
import CurveAnalysis
import Foundation
import XCTest
import Training
@testable import Recorders

final class ManifestRecorderTests: XCTestCase {
    func testCompletedFitRecordsSettingsModelDataAndSummary() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder())
        try run.learner.fit(epochs: 2)
        let manifest = try run.manifest()
        XCTAssertEqual(manifest.format, "lrlab-run")
        XCTAssertEqual(manifest.formatVersion, 1)
        XCTAssertEqual(manifest.id, run.directory.id)
        XCTAssertEqual(manifest.kind, .fit)
        XCTAssertEqual(manifest.status, .completed)
        XCTAssertTrue(manifest.complete)
        XCTAssertEqual(manifest.startedAt, "2026-11-18T11:06:40Z")
        XCTAssertEqual(manifest.endedAt, "2026-11-18T11:06:40Z")
        XCTAssertEqual(manifest.commandLine, ["train", "fit", "--model", "tiny-mlp"])
        XCTAssertEqual(manifest.model.name, "tiny-mlp")
        XCTAssertEqual(manifest.model.groups.map(\.name), ["body", "head"])
        XCTAssertEqual(manifest.model.groups.map(\.parameterCount), [9, 4])
        XCTAssertEqual(manifest.model.parameterCount, 13)
        XCTAssertEqual(manifest.model.groups[0].layers, ["Linear(2, 3)"])
        XCTAssertEqual(manifest.data?.name, "tiny-linear")
        XCTAssertEqual(manifest.data?.trainCount, 16)
        XCTAssertEqual(manifest.data?.validationCount, 8)
        XCTAssertEqual(manifest.batchSize, 4)
        XCTAssertEqual(manifest.seed, 7)
        XCTAssertEqual(manifest.optimizer["kind"], "sgd")
        XCTAssertEqual(manifest.schedule?["lr"], .number(0.05))
        XCTAssertEqual(manifest.summary.iterations, 8)
        XCTAssertEqual(manifest.summary.epochs, 2)
        XCTAssertEqual(manifest.summary.finalLoss, Double(shortestDecimal: run.learner.smoothLoss))
        XCTAssertLessThanOrEqual(manifest.summary.bestLoss!, manifest.summary.finalLoss!)
        XCTAssertEqual(manifest.summary.validLoss, Double(shortestDecimal: run.learner.validation!.loss))
        XCTAssertNil(manifest.summary.accuracy, "regression has no accuracy")
        XCTAssertNil(manifest.error)
    }

    func testRunJSONIsSortedPrettyAndWithoutAbsentMembers() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder())
        try run.learner.fit(epochs: 1)
        let text = try run.text("run.json")
        XCTAssertTrue(text.hasPrefix("{\n  \"batchSize\" : 4,\n  \"blasThreads\" : 1,\n"), text)
        XCTAssertFalse(text.contains("\"error\""))
        XCTAssertFalse(text.contains("\"suggestions\""))
        XCTAssertTrue(text.hasSuffix("}\n"))
    }

    func testRunJSONSaysRunningWhileTheFitGoesOn() throws {
        let folder = try TinyRun.temporaryFolder()
        final class Probe: Callback {
            var seen: RunManifest?
            let path: String
            init(path: String) { self.path = path }
            func afterBatch(_ learner: Learner) throws {
                if seen == nil { seen = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: path))) }
            }
        }
        let run = try TinyRun(out: folder)
        let probe = Probe(path: run.directory.path(for: "run.json"))
        run.learner.add(probe)
        try run.learner.fit(epochs: 1)
        XCTAssertEqual(probe.seen?.status, .running)
        XCTAssertEqual(probe.seen?.complete, false)
        XCTAssertNil(probe.seen?.endedAt)
        XCTAssertEqual(try run.manifest().status, .completed)
    }

    func testDivergedRangeTestIsCompleteWithStatusDiverged() throws {
        let stop = ThrowAtIteration(5, Cancellation.fit(.diverged, reason: "diverged: loss 1e6 > 4 x best"))
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), kind: .lrFind, callbacks: [stop])
        try run.learner.fit(epochs: 3)
        let manifest = try run.manifest()
        XCTAssertEqual(manifest.status, .diverged)
        XCTAssertTrue(manifest.complete)
        XCTAssertEqual(manifest.summary.iterations, 6)
        XCTAssertEqual(manifest.summary.epochs, 1)
    }

    func testOtherFitCancellationIsCancelled() throws {
        let stop = ThrowAtIteration(2, Cancellation.fit(.cancelled, reason: "early stopping: no improvement"))
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), callbacks: [stop])
        try run.learner.fit(epochs: 2)
        XCTAssertEqual(try run.manifest().status, .cancelled)
        XCTAssertTrue(try run.manifest().complete)
    }

    func testFailedFitRecordsTheError() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), callbacks: [ThrowAtIteration(3, TestFailure())])
        XCTAssertThrowsError(try run.learner.fit(epochs: 2))
        let manifest = try run.manifest()
        XCTAssertEqual(manifest.status, .failed)
        XCTAssertFalse(manifest.complete)
        XCTAssertEqual(manifest.error, "simulated data error at batch 3")
        XCTAssertNotNil(manifest.endedAt)
    }

    func testOtherComponentsAddResultsBeforeTheFinalWrite() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), kind: .lrFind)
        run.recorders.manifest.beforeFinalWrite.append { manifest, learner in
            manifest.suggestions = ["valley": .init(lr: 0.0014, loss: 1.5), "slide": .init(reason: "needs 16 points")]
            manifest.extra["sweepNote"] = .object(["iterations": .number(Double(learner.iteration))])
        }
        try run.learner.fit(epochs: 1)
        try run.recorders.manifest.update { $0.analysis = RangeTestAnalysis(minimumLoss: .infinity) }
        let manifest = try run.manifest()
        XCTAssertEqual(manifest.suggestions?["valley"]?.lr, 0.0014)
        XCTAssertEqual(manifest.suggestions?["slide"]?.reason, "needs 16 points")
        XCTAssertEqual(manifest.extra["sweepNote"], .object(["iterations": 4]))
        XCTAssertEqual(manifest.analysis?.minimumLoss, .infinity)
        XCTAssertTrue(try run.text("run.json").contains("\"minimumLoss\" : \"inf\""))
        XCTAssertEqual(manifest, run.recorders.manifest.manifest)
    }
}

final class ManifestProgressTests: XCTestCase {
    func testSummaryIsRewrittenDuringTheEpoch() throws {
        final class Probe: Callback {
            let order = CallbackOrder.manifest + 1
            var iterations: [Int] = []
            let path: String
            init(path: String) { self.path = path }
            func afterBatch(_ learner: Learner) throws {
                guard learner.isTraining else { return }
                let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: path)))
                iterations.append(manifest.summary.iterations)
            }
        }
        let run = try TinyRun(out: try TinyRun.temporaryFolder())
        run.recorders.manifest.writeInterval = 0
        let probe = Probe(path: run.directory.path(for: "run.json"))
        run.learner.add(probe)
        try run.learner.fit(epochs: 1)
        XCTAssertEqual(probe.iterations, [1, 2, 3, 4])
    }
}
