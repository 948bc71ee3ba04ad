import Foundation
import LRLabTestSupport
import XCTest
@testable import CurveAnalysis

/// Curves recorded by other tools: TensorBoard event files written by TensorBoard's own Python
/// writers, and torch-lr-finder's history JSON; and the format detection of `RecordedCurve.read`.
final class OtherToolsCurveTests: XCTestCase {
    private struct WrittenCurves: Decodable {
        struct Curve: Decodable {
            let lrs: [Float]
            let losses: [Float]
            let body_lrs: [Float]?
        }
        let summary_writer: Curve
        let lightning: Curve
    }

    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "curve-files-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func writeCurves() throws -> WrittenCurves {
        try TestPython.json(WrittenCurves.self, "tensorboard_events.py", ["write-curves", folder])
    }

    private func onlyFile(in subfolder: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/" + subfolder)
        XCTAssertEqual(names.count, 1, "\(names)")
        return folder + "/" + subfolder + "/" + names[0]
    }

    /// `tensorboard.summary.Writer` stores scalars as rank-0 float tensors (as TensorFlow 2 does).
    func testTensorScalarsOfTensorBoardsSummaryWriter() throws {
        let expected = try writeCurves().summary_writer
        let file = try onlyFile(in: "summary-writer")
        let curve = try RecordedCurve.read(path: file)
        XCTAssertEqual(curve.lrs, expected.lrs)
        XCTAssertEqual(curve.losses, expected.losses)
        XCTAssertNil(curve.rawLosses, "train/loss is the raw loss when there is no train/smooth_loss")
        XCTAssertEqual(try RecordedCurve.detectFormat(path: file).format, .tensorBoard)

        let scalars = try EventFileScalars.read(path: file)
        XCTAssertEqual(scalars.fileVersion, "brain.Event:2")
        XCTAssertEqual(scalars.tags, ["train/loss", "train/lr"])
        XCTAssertEqual(scalars.series["train/lr"]?.map(\.step), Array(0..<40))
        XCTAssertEqual(scalars.series["train/lr"]?[3].wallTime, 1_700_000_003)
    }

    /// Lightning-style `simple_value` scalars: `train_loss` and the last parameter group's
    /// `lr-SGD/pg2`, skipping the momentum series, the epoch, a text and a histogram.
    func testLightningTagsWithTwoParameterGroups() throws {
        let expected = try writeCurves().lightning
        let curve = try RecordedCurve.read(path: folder + "/lightning")
        XCTAssertEqual(curve.lrs, expected.lrs)
        XCTAssertEqual(curve.losses, expected.losses)

        let scalars = try EventFileScalars.read(path: try onlyFile(in: "lightning"))
        XCTAssertEqual(scalars.tags, ["lr-SGD/pg1", "lr-SGD/pg2", "lr-SGD/pg1-momentum", "epoch", "train_loss"])
        let body = try TensorBoardCurveReader.curve(from: scalars, source: "x", lrTag: "lr-SGD/pg1")
        XCTAssertEqual(body.lrs, expected.body_lrs)
    }

    func testAnEventFileCutMidRecordIsReadUpToItsLastWholeRecord() throws {
        let expected = try writeCurves().summary_writer
        let file = try onlyFile(in: "summary-writer")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        bytes.removeLast(7)
        let cut = folder + "/events.out.tfevents.cut"
        try Data(bytes).write(to: URL(fileURLWithPath: cut))
        let scalars = try EventFileScalars.read(path: cut)
        XCTAssertTrue(scalars.endsInPartialRecord)
        XCTAssertEqual(scalars.series["train/loss"]?.count, 40)
        XCTAssertEqual(scalars.series["train/lr"]?.count, 39, "the last event (step 39's lr) was cut")
        let curve = try RecordedCurve.read(path: cut)
        XCTAssertEqual(curve.lrs, Array(expected.lrs.prefix(39)))
    }

    func testDamagedEventFileNamesFileAndRecord() throws {
        _ = try writeCurves()
        let file = try onlyFile(in: "summary-writer")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[bytes.count - 10] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try RecordedCurve.read(path: file)) { error in
            XCTAssertTrue(error is CurveFileError)
            let text = "\(error)"
            // The last of 81 records: the file version and 80 scalar events.
            XCTAssertTrue(text.hasPrefix(file + ": record 81: the data's checksum does not match"), text)
        }
    }

    func testTorchLRFinderHistoryAsJSONDumpWritesIt() throws {
        let path = FixtureFiles.path("torch-lr-finder-history.json")
        let curve = try RecordedCurve.read(path: path)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: [Double]]
        XCTAssertEqual(curve.lrs, object["lr"]!.map { Float($0) })
        XCTAssertEqual(curve.losses, object["loss"]!.map { Float($0) })
        XCTAssertEqual(curve.count, 88)
        XCTAssertNil(curve.rawLosses)
        let suggestions = LRSuggester.suggest(curve)
        XCTAssertNotNil(suggestions.valley.lr)
        XCTAssertNotNil(suggestions.minimum.lr)
    }

    func testHistoryWithPythonsNonFiniteSpellingsAndNull() throws {
        let text = #"{"lr": [1e-05, 0.0001, 0.001, 0.01], "loss": [2.5, 2.25, NaN, null], "extra": {"a": [true, "x\"y"]}}"#
        let curve = try LRFinderHistoryReader.parse(Array(text.utf8), source: "h.json")
        XCTAssertEqual(curve.lrs, [1e-5, 1e-4, 1e-3, 1e-2])
        XCTAssertEqual(Array(curve.losses.prefix(2)), [2.5, 2.25])
        XCTAssertTrue(curve.losses[2].isNaN && curve.losses[3].isNaN)
        let infinite = try LRFinderHistoryReader.parse(Array(#"{"lr":[1,2],"loss":[Infinity,-Infinity]}"#.utf8), source: "h")
        XCTAssertEqual(infinite.losses, [.infinity, -.infinity])
    }

    func testBadHistoriesNameTheFileAndProblem() {
        func message(_ text: String) -> String {
            do {
                _ = try LRFinderHistoryReader.parse(Array(text.utf8), source: "runs/h.json")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message(#"{"lr": [1, 2], "loss": [3]}"#),
                       "runs/h.json: `lr` has 2 values but `loss` has 1; they must pair up one loss per learning rate")
        XCTAssertEqual(message(#"{"lrs": [1], "loss": [3]}"#),
                       "runs/h.json: no `lr` member (the object has lrs, loss); expected torch-lr-finder's history "
                        + #"{"lr": […], "loss": […]}"#)
        XCTAssertEqual(message("{\"lr\": [1,\n 2,\n x], \"loss\": []}"),
                       "runs/h.json:3: not valid JSON: unexpected text; expected a JSON value")
        XCTAssertEqual(message(#"{"lr": [1, "2"], "loss": [1, 2]}"#), "runs/h.json: `lr`[1] is not a number")
        XCTAssertEqual(message("[1, 2]"),
                       "runs/h.json: expected a JSON object with `lr` and `loss` arrays, as torch-lr-finder's history")
        XCTAssertEqual(message(#"{"lr": [1, 2], "loss": [1, 2]"#), "runs/h.json:1: not valid JSON: the object is never closed; add '}'")
        XCTAssertEqual(message(String(repeating: "[", count: 600)),
                       "runs/h.json:1: not valid JSON: nested more than 512 levels deep")
    }

    func testFormatDetectionAndCSVStillRead() throws {
        let csv = folder + "/metrics.csv"
        try "iteration,epoch,lr,momentum,loss,smooth_loss\n0,0,1e-07,0.9,2.31,2.31\n".write(toFile: csv, atomically: true, encoding: .utf8)
        XCTAssertEqual(try RecordedCurve.detectFormat(path: csv).format, .csv)
        XCTAssertEqual(try RecordedCurve.read(path: csv).losses, [2.31])
        let json = folder + "/history"
        try "  \n{\"lr\": [0.1], \"loss\": [1]}".write(toFile: json, atomically: true, encoding: .utf8)
        XCTAssertEqual(try RecordedCurve.detectFormat(path: json).format, .lrFinderHistory)

        XCTAssertThrowsError(try RecordedCurve.read(path: folder)) { error in
            XCTAssertEqual("\(error)", "\(folder): the folder holds no TensorBoard event file (events.out.tfevents.*); "
                + "give a metrics.csv, a torch-lr-finder JSON history, an event file or a folder of them")
        }
        XCTAssertThrowsError(try RecordedCurve.read(path: folder + "/missing.csv")) { error in
            XCTAssertEqual("\(error)", "\(folder)/missing.csv: cannot read it (No such file or directory); check the path")
        }
        try "iteration,lr,loss\n0,0.1,abc\n".write(toFile: csv, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try RecordedCurve.read(path: csv)) { error in
            XCTAssertEqual("\(error)", "\(csv):2: 'abc' is not a number in column loss")
        }
    }

    func testMissingTagsListTheTagsFound() throws {
        _ = try writeCurves()
        let file = try onlyFile(in: "summary-writer")
        XCTAssertThrowsError(try RecordedCurve.read(path: file, lossTag: "valid/loss")) { error in
            XCTAssertEqual("\(error)", "\(file): no loss scalar `valid/loss`; its scalar tags are train/loss, train/lr")
        }
        var scalars = EventFileScalars()
        try scalars.addEvent(Self.event(step: 0, values: [("accuracy", 0.5)]))
        XCTAssertThrowsError(try TensorBoardCurveReader.curve(from: scalars, source: "f")) { error in
            XCTAssertEqual("\(error)", "f: no loss scalar (looked for train/smooth_loss, train/loss, loss, train_loss, "
                + "train_loss_step, Loss/train, batch_loss); its scalar tags are accuracy")
        }
        try scalars.addEvent(Self.event(step: 0, values: [("loss", 2)]))
        try scalars.addEvent(Self.event(step: 1, values: [("lr-SGD", 0.1), ("lr-Adam", 0.01)]))
        XCTAssertThrowsError(try TensorBoardCurveReader.curve(from: scalars, source: "f")) { error in
            XCTAssertEqual("\(error)", "f: several learning-rate series (lr-SGD, lr-Adam); name the one to use as the learning-rate tag")
        }
        XCTAssertThrowsError(try TensorBoardCurveReader.curve(from: scalars, source: "f", lrTag: "lr-SGD")) { error in
            XCTAssertEqual("\(error)", "f: no step has both a `loss` and a `lr-SGD` value (1 and 1 steps); log both at every batch")
        }
    }

    /// LRLab's own tags: the smoothed loss is the curve, the raw loss rides along; a step
    /// written twice keeps its last value; points come in step order.
    func testSmoothLossWithRawLossAndStepOrder() throws {
        var scalars = EventFileScalars()
        try scalars.addEvent(Self.event(step: 1, values: [("train/loss", 3), ("train/smooth_loss", 2.5), ("train/lr", 0.2)]))
        try scalars.addEvent(Self.event(step: 0, values: [("train/loss", 2), ("train/smooth_loss", 2), ("train/lr", 0.1)]))
        try scalars.addEvent(Self.event(step: 1, values: [("train/loss", 4), ("train/smooth_loss", 2.75), ("train/lr", 0.2)]))
        let curve = try TensorBoardCurveReader.curve(from: scalars, source: "f")
        XCTAssertEqual(curve, RecordedCurve(lrs: [0.1, 0.2], losses: [2, 2.75], rawLosses: [2, 4]))
    }

    func testMalformedEventNamesTheRecord() throws {
        let path = folder + "/events.out.tfevents.bad"
        // A summary field (5) claiming 9 bytes with only 1 left.
        try Data(TFRecord.framed([0x2A, 0x09, 0x01])).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try RecordedCurve.read(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path): record 1: not a valid TensorBoard Event (field 5 claims 9 bytes, "
                + "only 1 remain); the file is damaged")
        }
    }

    /// A serialized `Event` with `simple_value` scalars, written by hand (field numbers of event.proto).
    static func event(step: UInt64, values: [(String, Float)]) -> [UInt8] {
        func varint(_ value: UInt64) -> [UInt8] {
            var rest = value, bytes: [UInt8] = []
            while rest >= 0x80 { bytes.append(UInt8(rest & 0x7F) | 0x80); rest >>= 7 }
            return bytes + [UInt8(rest)]
        }
        func delimited(_ field: UInt64, _ bytes: [UInt8]) -> [UInt8] { varint(field << 3 | 2) + varint(UInt64(bytes.count)) + bytes }
        var summary: [UInt8] = []
        for (tag, value) in values {
            let bits = value.bitPattern
            summary += delimited(1, delimited(1, Array(tag.utf8)) + [0x15] + (0..<4).map { UInt8(truncatingIfNeeded: bits >> ($0 * 8)) })
        }
        return [0x10] + varint(step) + delimited(5, summary)
    }
}
