import ArtifactSchema
import Foundation
import XCTest
import CurveAnalysis
import Training
@testable import Recorders

/// The TensorBoard recorder's event files as TensorBoard's own reader (`EventAccumulator`)
/// sees them, checked against the CSV recorder's numbers of the same fit.
final class TensorBoardRecorderTests: XCTestCase {
    /// Two fits with the same recorders (as fine-tuning does): every batch's scalars and every
    /// epoch's validation scalars equal metrics.csv's and epochs.csv's as float32, at the
    /// run-wide iteration.
    func testFitScalarsEqualTheCSVFilesInTensorBoardsReader() throws {
        let run = try TensorBoardRun()
        try run.learner.fit(epochs: 2)
        try run.learner.fit(epochs: 1)
        let reading = try run.readWithTensorBoard()
        let metrics = try run.csvRows("metrics.csv")
        let batchesPerEpoch = TensorBoardRun.trainingExamples / TensorBoardRun.batchSize
        XCTAssertEqual(metrics.count, 3 * batchesPerEpoch)

        XCTAssertEqual(reading.file_version, 2)
        XCTAssertEqual(reading.source_writer, "lrlab")
        let columns = ["train/loss": "loss", "train/smooth_loss": "smooth_loss", "train/lr": "lr",
                       "train/momentum": "momentum", "train/lr/body": "lr_body", "train/lr/head": "lr_head"]
        XCTAssertEqual(Set(reading.scalars.keys),
                       Set(columns.keys).union(["valid/loss", "valid/accuracy", "valid/error_rate"]))
        for (tag, column) in columns {
            let scalars = try XCTUnwrap(reading.scalars[tag], tag)
            XCTAssertEqual(scalars.map(\.step), metrics.map { Int($0["iteration"]!)! }, tag)
            XCTAssertEqual(scalars.map { Float($0.value.value) }, metrics.map { Float($0[column]!)! }, tag)
            XCTAssertTrue(scalars.allSatisfy { $0.wallTime == 1_795_000_000.25 }, tag)
        }
        let rates = reading.scalars["train/lr"]!.map(\.value.value)
        XCTAssertGreaterThan(Set(rates).count, 10, "the one-cycle schedule changes the rate every batch")

        let epochs = try run.csvRows("epochs.csv")
        XCTAssertEqual(epochs.count, 3)
        let validColumns = ["valid/loss": "valid_loss", "valid/accuracy": "accuracy", "valid/error_rate": "error_rate"]
        for (tag, column) in validColumns {
            let scalars = try XCTUnwrap(reading.scalars[tag], tag)
            XCTAssertEqual(scalars.map(\.step), [1, 2, 3].map { $0 * batchesPerEpoch }, tag)
            XCTAssertEqual(scalars.map { Float($0.value.value) }, epochs.map { Float($0[column]!)! }, tag)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: run.eventFolder)
        XCTAssertEqual(files.count, 1, "one event file for both fits")
        let name = try XCTUnwrap(files.first)
        var host = [CChar](repeating: 0, count: 256)
        XCTAssertEqual(gethostname(&host, 255), 0)
        XCTAssertEqual(name, "events.out.tfevents.1795000000.\(String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)).\(getpid())")
        XCTAssertEqual(run.tensorBoard.eventFilePath, run.eventFolder + "/" + name)
    }

    /// The run's settings reach the HParams tab: names and types in the experiment, this run's
    /// values in the session start, and the metrics to compare.
    func testRunSettingsAreTensorBoardHParams() throws {
        let run = try TensorBoardRun()
        try run.learner.fit(epochs: 1)
        let reading = try run.readWithTensorBoard()
        XCTAssertEqual(reading.plugins["hparams"], ["_hparams_/experiment", "_hparams_/session_start_info"])
        let experiment = try XCTUnwrap(reading.hparams.experiment)
        let expected: [String: String] = [
            "batchSize": "DATA_TYPE_FLOAT64", "blasThreads": "DATA_TYPE_FLOAT64", "data": "DATA_TYPE_STRING",
            "group": "DATA_TYPE_STRING", "kind": "DATA_TYPE_STRING", "model": "DATA_TYPE_STRING",
            "optimizer.kind": "DATA_TYPE_STRING", "optimizer.momentum": "DATA_TYPE_FLOAT64",
            "optimizer.nesterov": "DATA_TYPE_BOOL", "optimizer.weightDecay": "DATA_TYPE_FLOAT64",
            "schedule.kind": "DATA_TYPE_STRING", "schedule.maxLRs": "DATA_TYPE_STRING",
            "schedule.pctStart": "DATA_TYPE_FLOAT64", "seed": "DATA_TYPE_FLOAT64", "settings.epochs": "DATA_TYPE_FLOAT64",
            "settings.stop.divergence": "DATA_TYPE_FLOAT64", "validationFraction": "DATA_TYPE_FLOAT64",
        ]
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: experiment.hparam_infos.map { ($0.name, $0.type) }), expected)
        XCTAssertEqual(experiment.hparam_infos.map(\.name), expected.keys.sorted())
        XCTAssertEqual(experiment.metric_infos?.map(\.name.tag),
                       ["train/smooth_loss", "valid/loss", "valid/accuracy", "valid/error_rate", "lr_find/suggestion/minimum",
                        "lr_find/suggestion/steep", "lr_find/suggestion/valley", "lr_find/suggestion/slide"])
        XCTAssertEqual(experiment.metric_infos?.map(\.dataset_type),
                       ["DATASET_TRAINING"] + Array(repeating: "DATASET_VALIDATION", count: 3)
                        + Array(repeating: "DATASET_TRAINING", count: 4))
        XCTAssertEqual(experiment.time_created_secs, 1_795_000_000.25)

        let start = try XCTUnwrap(reading.hparams.session_start_info)
        XCTAssertEqual(start.hparams["model"], "tiny-classifier")
        XCTAssertEqual(start.hparams["kind"], "fit")
        XCTAssertEqual(start.hparams["batchSize"], 8)
        XCTAssertEqual(start.hparams["seed"], 11)
        XCTAssertEqual(start.hparams["data"], "blobs")
        XCTAssertEqual(start.hparams["group"], "bs-sweep")
        XCTAssertEqual(start.hparams["optimizer.momentum"], 0.9)
        XCTAssertEqual(start.hparams["optimizer.nesterov"], false)
        XCTAssertEqual(start.hparams["schedule.kind"], "one-cycle")
        XCTAssertEqual(start.hparams["schedule.maxLRs"], "[0.02,0.2]")
        XCTAssertEqual(start.hparams["settings.stop.divergence"], 4)
        XCTAssertNil(start.hparams["settings.stop.afterIterations"], "null settings are left out")
        XCTAssertEqual(start.hparams.count, expected.count)
        XCTAssertEqual(start.start_time_secs, 1_795_000_000.25)
    }

    /// A range test's suggestions as scalars and its analysis as text, after its last batch.
    func testRangeTestResultsAreScalarsAndText() throws {
        let run = try TensorBoardRun(kind: .lrFind, callbacks: [StopAfterIterations(20)],
                                     schedule: try ParameterScheduler.exponentialSweep(from: 1e-4, to: 10, iterations: 20),
                                     validation: false)
        try run.learner.fit(epochs: 10)
        let curve = try CurveCSVReader.read(path: run.directory.path(for: "metrics.csv"))
        let suggestions = LRSuggester.suggest(curve, numIterations: 20)
        let analysis = RangeTestAnalysis(curve: curve).summary(suggestions: suggestions)
        try run.tensorBoard.recordRangeTestResults(suggestions, analysis: analysis)

        let reading = try run.readWithTensorBoard()
        XCTAssertEqual(reading.scalars["train/lr"]?.count, 20)
        XCTAssertEqual(reading.texts["lr_find/analysis"]?.map(\.text), [analysis])
        XCTAssertEqual(reading.texts["lr_find/analysis"]?.map(\.step), [20])
        XCTAssertEqual(reading.plugins["text"], ["lr_find/analysis"])
        let available = SuggestionMethod.allCases.filter { suggestions[$0].lr != nil }
        XCTAssertFalse(available.isEmpty)
        for method in SuggestionMethod.allCases {
            let scalars = reading.scalars["lr_find/suggestion/" + method.rawValue]
            if let lr = suggestions[method].lr {
                XCTAssertEqual(scalars?.map { Float($0.value.value) }, [Float(lr)], method.rawValue)
                XCTAssertEqual(scalars?.map(\.step), [20], method.rawValue)
            } else {
                XCTAssertNil(scalars, method.rawValue)
            }
        }
        XCTAssertNil(reading.scalars["valid/loss"])
        XCTAssertEqual(reading.hparams.experiment?.metric_infos?.count, 8)
        XCTAssertEqual(reading.hparams.session_start_info?.hparams["kind"], "lr-find")
    }

    /// Each batch's records reach the file at its `afterBatch`: a copy taken then (what a
    /// watching TensorBoard or a killed process leaves) reads back whole, and cut mid-record it
    /// still reads up to its last whole record, in TensorBoard and in LRLab's own reader.
    func testEachBatchIsOnDiskAtItsEndAndACutFileReadsUpToItsLastWholeRecord() throws {
        let snapshot = EventFileSnapshot(atIteration: 9)
        let run = try TensorBoardRun(callbacks: [snapshot])
        snapshot.recorder = run.tensorBoard
        try run.learner.fit(epochs: 3)
        let bytes = try XCTUnwrap(snapshot.bytes)
        let metrics = try run.csvRows("metrics.csv")

        let live = try write(bytes, besides: run, name: "live")
        let liveReading = try run.readWithTensorBoard(live)
        XCTAssertEqual(liveReading.scalars["train/loss"]?.map(\.step), Array(0...9))
        XCTAssertEqual(liveReading.scalars["train/loss"]?.map { Float($0.value.value) },
                       metrics.prefix(10).map { Float($0["loss"]!)! })
        XCTAssertEqual(liveReading.scalars["valid/loss"]?.map(\.step), [6], "the first epoch's validation")

        // Records of this file: the file version, the hparams, six batches, a validation, four batches.
        let recordEnds = try Self.recordEnds(of: bytes)
        XCTAssertEqual(recordEnds.count, 2 + 10 + 1)
        for (cut, wholeBatches) in [(recordEnds[11] + 5, 9), (recordEnds[11] + 13, 9), (recordEnds[10] - 1, 7)] {
            let path = try write(Array(bytes[0..<cut]), besides: run, name: "cut-\(cut)")
            let reading = try run.readWithTensorBoard(path)
            XCTAssertEqual(reading.scalars["train/loss"]?.map(\.step), Array(0..<wholeBatches), "cut at \(cut)")
            XCTAssertEqual(reading.hparams.session_start_info?.hparams["model"], "tiny-classifier")
            let scalars = try EventFileScalars.read(path: path)
            XCTAssertTrue(scalars.endsInPartialRecord)
            XCTAssertEqual(scalars.series["train/smooth_loss"]?.map(\.value),
                           metrics.prefix(wholeBatches).map { Double(Float($0["smooth_loss"]!)!) })
        }
    }

    /// The same seed and clock give byte-identical event files.
    func testSameSeedAndClockGiveIdenticalFiles() throws {
        var files: [Data] = []
        for _ in 0..<2 {
            let run = try TensorBoardRun()
            try run.learner.fit(epochs: 2)
            files.append(try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(run.tensorBoard.eventFilePath))))
        }
        XCTAssertEqual(files[0], files[1])
        XCTAssertGreaterThan(files[0].count, 1000)
    }

    func testLearningRatesPerGroupOnlyWhenTheyDiffer() throws {
        let run = try TensorBoardRun(schedule: ParameterScheduler.constant(learningRates: [0.05]))
        try run.learner.fit(epochs: 1)
        let scalars = try EventFileScalars.read(path: try XCTUnwrap(run.tensorBoard.eventFilePath))
        XCTAssertEqual(scalars.tags, ["train/loss", "train/smooth_loss", "train/lr", "train/momentum",
                                      "valid/loss", "valid/accuracy", "valid/error_rate"])
        XCTAssertEqual(Set(scalars.series["train/lr"]!.map(\.value)), [Double(Float(0.05))])
    }

    func testExtraScalarsAndTheirErrors() throws {
        let run = try TensorBoardRun()
        try run.tensorBoard.addScalar("train/batch_size") { Float($0.batch.count) }
        XCTAssertThrowsError(try run.tensorBoard.addScalar("train/batch_size") { _ in 1 }) { error in
            XCTAssertEqual("\(error)", "cannot add a scalar to '\(run.eventFolder)': there is already a scalar 'train/batch_size'")
        }
        XCTAssertThrowsError(try run.tensorBoard.addScalar("train/lr") { _ in 1 })
        try run.learner.fit(epochs: 1)
        let scalars = try EventFileScalars.read(path: try XCTUnwrap(run.tensorBoard.eventFilePath))
        XCTAssertEqual(scalars.series["train/batch_size"]?.map(\.value), Array(repeating: 8, count: 6))
    }

    /// Fine-tuning fits twice; the run's end, recorded once after both, marks the session.
    func testRunEndMarksTheSessionAfterTheLastFit() throws {
        var now = 1_795_000_000.0
        let run = try TensorBoardRun(clock: { now })
        try run.learner.fit(epochs: 1)
        XCTAssertNil(try run.readWithTensorBoard().hparams.session_end_info)
        try run.learner.fit(epochs: 1)
        now += 60
        try run.tensorBoard.recordRunEnd(status: .interrupted)
        let reading = try run.readWithTensorBoard()
        XCTAssertEqual(reading.hparams.session_end_info?.status, "STATUS_FAILURE")
        XCTAssertEqual(reading.hparams.session_end_info?.end_time_secs, 1_795_000_060)
        XCTAssertEqual(reading.scalars["train/loss"]?.count, 12)
    }

    func testRangeTestResultsBeforeAnyFitAreRefused() throws {
        let run = try TensorBoardRun()
        XCTAssertThrowsError(try run.tensorBoard.recordRangeTestResults(suggestions: ["valley": 0.01], analysis: "x")) { error in
            XCTAssertEqual("\(error)", "cannot record range-test results in '\(run.eventFolder)': "
                + "no fit has begun, so there is no event file yet")
        }
    }

    /// A reused run folder keeps no event file of its earlier run (TensorBoard would join them).
    func testFirstFitRemovesTheEarlierRunsEventFiles() throws {
        let run = try TensorBoardRun()
        try FileManager.default.createDirectory(atPath: run.eventFolder, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: run.eventFolder + "/events.out.tfevents.1600000000.old.1"))
        try Data([4]).write(to: URL(fileURLWithPath: run.eventFolder + "/notes.txt"))
        try run.learner.fit(epochs: 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: run.eventFolder).sorted()
        XCTAssertEqual(names, [URL(fileURLWithPath: run.tensorBoard.eventFilePath!).lastPathComponent, "notes.txt"])
    }

    func testHParamsFlattenNestedSettingsAndKeepHugeSeedsExact() {
        let info = RunInfo(kind: .fineTune, model: "cnn", batchSize: 64, seed: UInt64.max,
                           optimizer: ["kind": "adam", "betas": [0.9, 0.99]],
                           settings: ["freeze": ["epochs": 1, "unfrozen": ["epochs": 2, "slice": true]], "note": .null])
        let hparams = TensorBoardHParams(info: info)
        XCTAssertEqual(hparams.values.map(\.name), ["batchSize", "blasThreads", "kind", "model", "optimizer.betas",
                                                    "optimizer.kind", "seed", "settings.freeze.epochs",
                                                    "settings.freeze.unfrozen.epochs", "settings.freeze.unfrozen.slice"])
        XCTAssertEqual(hparams.values.first { $0.name == "seed" }?.value, .string("18446744073709551615"))
        XCTAssertEqual(hparams.values.first { $0.name == "optimizer.betas" }?.value, .string("[0.9,0.99]"))
        XCTAssertEqual(hparams.values.first { $0.name == "settings.freeze.unfrozen.slice" }?.value, .bool(true))
    }

    private func write(_ bytes: [UInt8], besides run: TensorBoardRun, name: String) throws -> String {
        let path = run.directory.path(for: "events.out.tfevents.\(name)")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The offset after each whole record of `bytes`, found with LRLab's TFRecord reader.
    private static func recordEnds(of bytes: [UInt8]) throws -> [Int] {
        let path = NSTemporaryDirectory() + "records-" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try TFRecordReader(path: path)
        var ends: [Int] = []
        while try reader.next() != nil { ends.append(reader.offset) }
        XCTAssertFalse(reader.endsInPartialRecord)
        return ends
    }
}

/// Copies the TensorBoard recorder's event file as it is on disk right after the recorders
/// handled `afterBatch` of a given iteration.
final class EventFileSnapshot: Callback {
    let order = 60
    let iteration: Int
    weak var recorder: TensorBoardRecorder?
    private(set) var bytes: [UInt8]?

    init(atIteration iteration: Int) { self.iteration = iteration }

    func afterBatch(_ learner: Learner) throws {
        guard learner.isTraining, learner.iteration == iteration, let path = recorder?.eventFilePath else { return }
        bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
