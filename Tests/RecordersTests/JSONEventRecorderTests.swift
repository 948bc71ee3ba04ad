import ArtifactSchema
import Foundation
import XCTest
import Training
@testable import Recorders

final class JSONEventRecorderTests: XCTestCase {
    private func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try XCTUnwrap(object as? [String: Any], "not an object: \(line)")
        }
    }

    /// The events of a fit of `epochs` epochs with `train` and `valid` batches per epoch.
    private func expectedEvents(epochs: Int, train: Int, valid: Int) -> [String] {
        let trainBatch = ["before_batch", "after_pred", "after_loss", "after_backward", "before_step", "after_step",
                          "after_batch"]
        let validBatch = ["before_batch", "after_pred", "after_loss", "after_batch"]
        var events = ["before_fit"]
        for _ in 0..<epochs {
            events += ["before_epoch", "before_train"] + Array(repeating: trainBatch, count: train).flatMap { $0 }
            events += ["after_train", "before_validate"] + Array(repeating: validBatch, count: valid).flatMap { $0 }
            events += ["after_validate", "after_epoch"]
        }
        return events + ["after_fit"]
    }

    func testEveryEventIsOneJSONObjectInOrder() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder())
        try run.learner.fit(epochs: 2)
        let lines = try objects(try run.text("events.jsonl"))
        XCTAssertEqual(lines.map { $0["event"] as? String }, expectedEvents(epochs: 2, train: 4, valid: 2))
        XCTAssertTrue(lines.allSatisfy { $0["iteration"] is Int })
        let first = lines[0]
        XCTAssertEqual(first["epochs"] as? Int, 2)
        XCTAssertEqual(first["iterationsPerEpoch"] as? Int, 4)
        let batchEnd = try XCTUnwrap(lines.first { $0["event"] as? String == "after_batch" })
        XCTAssertEqual(batchEnd["phase"] as? String, "train")
        XCTAssertEqual(batchEnd["batchSize"] as? Int, 4)
        XCTAssertEqual(batchEnd["lrs"] as? [Double], [0.05])
        XCTAssertNotNil(batchEnd["smoothLoss"] as? Double)
        let validated = try XCTUnwrap(lines.last { $0["event"] as? String == "after_validate" })
        XCTAssertEqual(try XCTUnwrap(validated["validLoss"] as? Double), Double(try XCTUnwrap(run.learner.validation).loss), accuracy: 1e-6)
        XCTAssertNotNil(lines.last?["elapsed"] as? Double)
    }

    func testKeysComeInAFixedOrder() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), eventFilter: .batchEnds)
        try run.learner.fit(epochs: 1)
        let line = try run.text("events.jsonl").split(separator: "\n").first { $0.contains("after_batch") }
        XCTAssertTrue(line?.hasPrefix("{\"event\":\"after_batch\",\"iteration\":0,\"epoch\":0,\"phase\":\"train\",\"batch\":0,\"batchSize\":4,\"loss\":") ?? false,
                      String(line ?? ""))
    }

    func testFiltersLeaveOutBatchEvents() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), eventFilter: .epochsOnly)
        try run.learner.fit(epochs: 1)
        let names = try objects(try run.text("events.jsonl")).compactMap { $0["event"] as? String }
        XCTAssertEqual(names, ["before_fit", "before_epoch", "before_train", "after_train", "before_validate",
                               "after_validate", "after_epoch", "after_fit"])
        let ends = try TinyRun(out: try TinyRun.temporaryFolder(), eventFilter: .batchEnds)
        try ends.learner.fit(epochs: 1)
        let endNames = try objects(try ends.text("events.jsonl")).compactMap { $0["event"] as? String }
        XCTAssertEqual(endNames.filter { $0 == "after_batch" }.count, 6)
        XCTAssertFalse(endNames.contains("after_step"))
    }

    func testCancellationsCarryTheirReason() throws {
        let stop = ThrowAtIteration(2, Cancellation.fit(.diverged, reason: "diverged: loss is nan"))
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), callbacks: [stop])
        try run.learner.fit(epochs: 1)
        let lines = try objects(try run.text("events.jsonl"))
        XCTAssertEqual(lines.suffix(2).map { $0["event"] as? String }, ["after_cancel_fit", "after_fit"])
        XCTAssertEqual(lines.suffix(2).map { $0["reason"] as? String }, ["diverged: loss is nan", "diverged: loss is nan"])
    }

    func testIdenticalRunsWriteIdenticalFilesApartFromTime() throws {
        func artifacts() throws -> (metrics: String, events: String, manifest: RunManifest) {
            let run = try TinyRun(out: try TinyRun.temporaryFolder(), twoGroups: true, includesElapsed: false)
            try run.learner.fit(epochs: 2)
            var manifest = try run.manifest()
            manifest.summary.seconds = 0
            return (try run.text("metrics.csv"), try run.text("events.jsonl"), manifest)
        }
        let a = try artifacts(), b = try artifacts()
        XCTAssertEqual(a.metrics, b.metrics)
        XCTAssertEqual(a.events, b.events)
        XCTAssertFalse(a.events.contains("elapsed"))
        XCTAssertEqual(a.manifest, b.manifest)
    }

    func testStringsAreEscaped() throws {
        let text = JSONObjectText.quoted("a\"b\\c\n\u{1}é/")
        XCTAssertEqual(text, "\"a\\\"b\\\\c\\n\\u0001é/\"")
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(("[" + text + "]").utf8)) as? [String], ["a\"b\\c\n\u{1}é/"])
        XCTAssertEqual(JSONObjectText.quoted("plain"), "\"plain\"")
    }

    func testLinesOfFinishedBatchesAreOnDiskDuringTheFit() throws {
        final class Reader: Callback {
            let order = 60
            var lastEvents: [String] = []
            let path: String
            init(path: String) { self.path = path }
            func afterBatch(_ learner: Learner) throws {
                guard learner.isTraining else { return }
                let last = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").last ?? ""
                lastEvents.append(String(last.prefix(43)))
            }
        }
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), eventFilter: .all)
        let reader = Reader(path: run.directory.path(for: "events.jsonl"))
        run.learner.add(reader)
        try run.learner.fit(epochs: 1)
        XCTAssertEqual(reader.lastEvents, (0..<4).map { "{\"event\":\"after_batch\",\"iteration\":\($0),\"epoch" })
    }
}
