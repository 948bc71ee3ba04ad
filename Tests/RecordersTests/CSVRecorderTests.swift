import Foundation
import XCTest
import Training
@testable import Recorders

final class CSVRecorderTests: XCTestCase {
    /// Rows of a CSV file as cells, header first.
    private func table(_ text: String) -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    func testMetricsHaveOneRowPerTrainingBatch() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder())
        try run.learner.fit(epochs: 2)
        let rows = table(try run.text("metrics.csv"))
        XCTAssertEqual(rows[0], ["iteration", "epoch", "lr", "momentum", "loss", "smooth_loss"])
        XCTAssertEqual(rows.count - 1, run.learner.iteration)
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, (0..<8).map(String.init))
        XCTAssertEqual(rows.dropFirst().map { $0[1] }, ["0", "0", "0", "0", "1", "1", "1", "1"])
        for row in rows.dropFirst() {
            XCTAssertEqual(row.count, 6)
            XCTAssertEqual(row[2], "0.05")
            XCTAssertEqual(row[3], "0.0")
        }
        let lastRow = try XCTUnwrap(rows.last)
        XCTAssertEqual(Float(lastRow[5]), run.learner.smoothLoss, "the last smooth loss round-trips exactly")
        let losses = try rows.dropFirst().map { try XCTUnwrap(Float($0[4]), "loss cell '\($0[4])'") }
        XCTAssertLessThan(try XCTUnwrap(losses.last), try XCTUnwrap(losses.first), "the tiny model learns")
    }

    func testEpochsHaveValidationLossAndTime() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder())
        try run.learner.fit(epochs: 3)
        let rows = table(try run.text("epochs.csv"))
        XCTAssertEqual(rows[0], ["epoch", "train_loss", "valid_loss", "accuracy", "error_rate", "seconds"])
        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, ["0", "1", "2"])
        XCTAssertEqual(Float(rows[3][2]), run.learner.validation?.loss)
        XCTAssertEqual(rows[3][3], "", "no accuracy for regression")
        XCTAssertGreaterThanOrEqual(Double(rows[3][5])!, 0)
    }

    func testGroupsGetLRColumnsAndExtraColumnsFollow() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), twoGroups: true)
        try run.recorders.first(CSVRecorder.self)!.addColumn("valid_loss") { learner in learner.iteration % 2 == 0 ? Float(learner.iteration) : nil }
        XCTAssertThrowsError(try run.recorders.first(CSVRecorder.self)!.addColumn("valid_loss") { _ in 0 })
        XCTAssertThrowsError(try run.recorders.first(CSVRecorder.self)!.addColumn("valid loss") { _ in 0 })
        try run.learner.fit(epochs: 1)
        let rows = table(try run.text("metrics.csv"))
        XCTAssertEqual(rows[0], ["iteration", "epoch", "lr", "momentum", "loss", "smooth_loss", "lr_body", "lr_head", "valid_loss"])
        XCTAssertEqual(rows[1][2], "0.05", "lr is the head's")
        XCTAssertEqual(rows[1][6], "0.01")
        XCTAssertEqual(rows[1][7], "0.05")
        XCTAssertEqual(rows.dropFirst().map { $0[8] }, ["0.0", "", "2.0", ""])
    }

    func testNonFiniteValuesAreNanAndInf() throws {
        XCTAssertEqual(NumberText.csv(Float.nan), "nan")
        XCTAssertEqual(NumberText.csv(-Float.nan), "nan")
        XCTAssertEqual(NumberText.csv(Float.infinity), "inf")
        XCTAssertEqual(NumberText.csv(-Float.infinity), "-inf")
        XCTAssertEqual(NumberText.csv(Float(1e-7)), "1e-07")
        XCTAssertEqual(NumberText.json(Float.nan), "\"nan\"")
        XCTAssertEqual(Float(NumberText.csv(Float(0.1))), 0.1)
    }

    func testInterruptedRunLeavesRowsSoFarAndAnIncompleteManifest() throws {
        let stop = ThrowAtIteration(5, Cancellation.fit(.interrupted, reason: "interrupted by SIGINT"))
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), callbacks: [stop])
        try run.learner.fit(epochs: 3)
        let rows = table(try run.text("metrics.csv"))
        XCTAssertEqual(rows.count - 1, 6, "iterations 0...5, the interrupted batch included")
        XCTAssertEqual(rows.last?[0], "5")
        XCTAssertEqual(table(try run.text("epochs.csv")).count, 2, "epoch 0 finished, epoch 1 did not")
        let manifest = try run.manifest()
        XCTAssertEqual(manifest.status, .interrupted)
        XCTAssertFalse(manifest.complete)
    }

    func testRowsAreOnDiskWhileTheFitRuns() throws {
        final class Reader: Callback {
            let order = 60
            var lineCounts: [Int] = []
            let path: String
            init(path: String) { self.path = path }
            func afterBatch(_ learner: Learner) throws {
                guard learner.isTraining else { return }
                lineCounts.append(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count)
            }
        }
        let run = try TinyRun(out: try TinyRun.temporaryFolder())
        let reader = Reader(path: run.directory.path(for: "metrics.csv"))
        run.learner.add(reader)
        try run.learner.fit(epochs: 1)
        XCTAssertEqual(reader.lineCounts, [2, 3, 4, 5], "header plus every batch so far")
    }

    func testRangeTestsWriteNoEpochsFile() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), kind: .lrFind)
        try run.learner.fit(epochs: 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.directory.path(for: "epochs.csv")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: run.directory.path(for: "metrics.csv")))
    }
}

final class FineTuneContinuationTests: XCTestCase {
    func testASecondFitContinuesTheRun() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), kind: .fineTune)
        run.learner.model.groups[0].isFrozen = true
        try run.learner.fit(epochs: 1)
        run.learner.model.groups[0].isFrozen = false
        try run.learner.fit(epochs: 2)
        let rows = try run.text("metrics.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.count, 1 + 12)
        XCTAssertEqual(rows.dropFirst().map { String($0[0]) }, (0..<12).map(String.init))
        XCTAssertEqual(rows.dropFirst().map { String($0[1]) }, ["0", "0", "0", "0", "1", "1", "1", "1", "2", "2", "2", "2"])
        let epochs = try run.text("epochs.csv").split(separator: "\n").dropFirst().map { String($0.prefix(2)) }
        XCTAssertEqual(epochs, ["0,", "1,", "2,"])
        let events = try run.text("events.jsonl").split(separator: "\n")
        XCTAssertEqual(events.filter { $0.contains("\"before_fit\"") }.count, 2)
        XCTAssertTrue(events.last!.hasPrefix("{\"event\":\"after_fit\",\"iteration\":12,\"epoch\":2"), String(events.last!))
        let manifest = try run.manifest()
        XCTAssertEqual(manifest.summary.iterations, 12)
        XCTAssertEqual(manifest.summary.epochs, 3)
        XCTAssertEqual(manifest.status, .completed)
    }
}
