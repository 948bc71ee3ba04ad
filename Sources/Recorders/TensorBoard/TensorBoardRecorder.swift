import ArtifactSchema
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CurveAnalysis
import Foundation
import Training

/// Writes a TensorBoard event file, `<run>/tensorboard/events.out.tfevents.<time>.<host>.<pid>`,
/// that `tensorboard --logdir <out>` shows while the run goes on and after it.
///
/// Scalars per training batch at step = the run-wide iteration (as metrics.csv's `iteration`):
/// `train/loss`, `train/smooth_loss`, `train/lr` and `train/momentum` (of the last parameter
/// group, as metrics.csv's `lr` and `momentum`), and `train/lr/<group>` for every group when the
/// groups' rates differ at that batch. Per epoch whose validation ran, at step = the training
/// batches done by then: `valid/loss`, and for classification `valid/accuracy` and
/// `valid/error_rate`. The first fit also writes the run's settings (`RunInfo`) as hparams, so the
/// HParams tab compares the runs of a sweep (TensorBoard shows the hyper-parameter columns of one
/// run's experiment summary: runs of one sweep share theirs, runs of other kinds in the same
/// `--logdir` may add settings that get no column). A range test adds its results through
/// `recordRangeTestResults(suggestions:analysis:)`.
///
/// Each batch's records are handed to the operating system at its `afterBatch` (other records
/// at once), so a killed run leaves every earlier record readable; the file is closed at
/// `afterFit`. Later fits with the same recorder (fine-tuning) append to the same file with
/// steps counted on. A reused run folder loses the event files of its earlier run.
public final class TensorBoardRecorder: Callback {
    public let order = CallbackOrder.recorder
    public let directory: RunDirectory
    public let info: RunInfo
    /// The event file's path, once the first fit began.
    public private(set) var eventFilePath: String?
    private let clock: () -> Double
    private var file: AppendingFile?
    private var extraScalars: [(tag: String, value: (Learner) -> Float?)] = []
    private var pendingBatch: (step: Int, wallTime: Double, values: [SummaryValue])?
    private var recordedIterations = 0
    private var validatedThisEpoch = false
    private var progress = RunProgress()

    /// The run folder's subfolder that holds the event file (TensorBoard's run name).
    public static let folderName = "tensorboard"

    /// A recorder for the run in `directory` with the settings `info`; `clock` gives the wall
    /// time (seconds since 1970) of each event and of the file name.
    public init(directory: RunDirectory, info: RunInfo,
                clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) {
        self.directory = directory
        self.info = info
        self.clock = clock
    }

    /// Adds a per-batch scalar `tag`, filled by `value` at `afterBatch` (nil writes nothing for
    /// that batch); like `CSVRecorder.addColumn`, a callback computing it should run earlier.
    public func addScalar(_ tag: String, value: @escaping (Learner) -> Float?) throws {
        let builtIn = ["train/loss", "train/smooth_loss", "train/lr", "train/momentum"]
        guard !tag.isEmpty, !builtIn.contains(tag), !tag.hasPrefix("train/lr/"),
              !extraScalars.contains(where: { $0.tag == tag }) else {
            throw ArtifactError(path: directory.path(for: Self.folderName), operation: "add a scalar to",
                                detail: tag.isEmpty ? "the tag is empty" : "there is already a scalar '\(tag)'")
        }
        extraScalars.append((tag, value))
    }

    public func beforeFit(_ learner: Learner) throws {
        pendingBatch = nil
        if progress.isFirstFit {
            let path = try createEventFile()
            file = try AppendingFile(path: path)
            eventFilePath = path
            try write(headerRecords())
        } else if let eventFilePath {
            file = try AppendingFile(path: eventFilePath, truncating: false)
        }
        progress.beginFit()
    }

    public func afterLoss(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        let rates = learner.learningRates
        var values: [SummaryValue] = [
            .scalar(tag: "train/loss", value: learner.loss),
            .scalar(tag: "train/smooth_loss", value: learner.smoothLoss),
            .scalar(tag: "train/lr", value: rates.last ?? .nan),
            .scalar(tag: "train/momentum", value: learner.momentums.last ?? .nan),
        ]
        if rates.count > 1, rates.contains(where: { $0 != rates[0] }) {
            for (group, rate) in zip(learner.optimizer.groups, rates) {
                values.append(.scalar(tag: "train/lr/" + group.name, value: rate))
            }
        }
        pendingBatch = (progress.iteration(learner), clock(), values)
    }

    public func afterBatch(_ learner: Learner) throws {
        try writePendingBatch(learner)
    }

    public func afterCancel(_ cancellation: Cancellation, learner: Learner) throws {
        try writePendingBatch(learner)
    }

    public func beforeEpoch(_ learner: Learner) throws {
        validatedThisEpoch = false
    }

    public func afterValidate(_ learner: Learner) throws {
        validatedThisEpoch = learner.validation != nil
    }

    public func afterEpoch(_ learner: Learner) throws {
        guard validatedThisEpoch, let validation = learner.validation else { return }
        var values: [SummaryValue] = [.scalar(tag: "valid/loss", value: validation.loss)]
        if let accuracy = validation.accuracy { values.append(.scalar(tag: "valid/accuracy", value: accuracy)) }
        if let errorRate = validation.errorRate { values.append(.scalar(tag: "valid/error_rate", value: errorRate)) }
        let event = TensorBoardEvent.summary(wallTime: clock(), step: progress.iteration(learner), values: values)
        try write(TFRecord.framed(event))
    }

    public func afterFit(_ learner: Learner) throws {
        try? writePendingBatch(learner)
        file?.close()
        file = nil
        progress.endFit(learner)
    }

    /// Adds a range test's results at the step after its last batch: each suggested learning
    /// rate as the scalar `lr_find/suggestion/<method>` and `analysis` (Markdown) as the text
    /// `lr_find/analysis`. Call it after the fit (or during it); it appends to the event file.
    public func recordRangeTestResults(suggestions: [String: Double], analysis: String) throws {
        var values = suggestions.keys.sorted().map {
            SummaryValue.scalar(tag: "lr_find/suggestion/" + $0, value: Float(suggestions[$0]!))
        }
        values.append(.text(tag: "lr_find/analysis", text: analysis))
        try appendAfterFit(values, operation: "record range-test results in")
    }

    /// Marks the run's end for the HParams tab (`_hparams_/session_end_info`): completed,
    /// diverged and cancelled runs as a success, failed and interrupted ones as a failure.
    /// Call it once, when the run's last fit ended (TensorBoard keeps the first end it reads).
    public func recordRunEnd(status: RunStatus) throws {
        let hparamsStatus: UInt64
        switch status {
        case .completed, .diverged, .cancelled: hparamsStatus = 1
        case .failed, .interrupted: hparamsStatus = 2
        case .running: hparamsStatus = 3
        }
        let pluginData = TensorBoardHParams.sessionEndPluginData(status: hparamsStatus, endedAt: clock())
        try appendAfterFit([.hparams(tag: "_hparams_/session_end_info", pluginData: pluginData)], operation: "record the run's end in")
    }

    /// Appends an event of `values` at the step after the last batch, to the open file during a
    /// fit or by reopening it after one.
    private func appendAfterFit(_ values: [SummaryValue], operation: String) throws {
        guard let eventFilePath else {
            throw ArtifactError(path: directory.path(for: Self.folderName), operation: operation,
                                detail: "no fit has begun, so there is no event file yet")
        }
        let record = TFRecord.framed(TensorBoardEvent.summary(wallTime: clock(), step: recordedIterations, values: values))
        if let file {
            try file.append(record)
        } else {
            let appending = try AppendingFile(path: eventFilePath, truncating: false)
            defer { appending.close() }
            try appending.append(record)
        }
    }

    /// Adds the suggestions that exist (by `SuggestionMethod` name) and `analysis`; see
    /// `recordRangeTestResults(suggestions:analysis:)`.
    public func recordRangeTestResults(_ suggestions: LRSuggestions, analysis: String) throws {
        var rates: [String: Double] = [:]
        for method in SuggestionMethod.allCases {
            if let lr = suggestions[method].lr { rates[method.rawValue] = lr }
        }
        try recordRangeTestResults(suggestions: rates, analysis: analysis)
    }

    /// The metrics the HParams tab compares runs by: every one an LRLab run may write, whatever
    /// its kind, since TensorBoard takes the experiment summary of one run for all runs it shows
    /// (the columns a run does not write stay empty).
    static let comparedMetrics: [TensorBoardHParams.Metric] =
        [TensorBoardHParams.Metric(tag: "train/smooth_loss", isValidation: false)]
        + ["valid/loss", "valid/accuracy", "valid/error_rate"].map { .init(tag: $0, isValidation: true) }
        + SuggestionMethod.allCases.map { .init(tag: "lr_find/suggestion/" + $0.rawValue, isValidation: false) }

    /// The file version and the hparams summaries, as framed records.
    private func headerRecords() -> [UInt8] {
        let now = clock()
        let hparams = TensorBoardHParams(info: info)
        var records = TFRecord.framed(TensorBoardEvent.fileVersion(wallTime: now))
        TFRecord.append(TensorBoardEvent.summary(wallTime: now, step: 0, values: [
            .hparams(tag: "_hparams_/experiment", pluginData: hparams.experimentPluginData(metrics: Self.comparedMetrics, createdAt: now)),
            .hparams(tag: "_hparams_/session_start_info", pluginData: hparams.sessionStartPluginData(startedAt: now)),
        ]), to: &records)
        return records
    }

    /// Creates `<run>/tensorboard/` without the event files of an earlier run and returns the
    /// new event file's path.
    private func createEventFile() throws -> String {
        let folder = directory.path(for: Self.folderName)
        try RunDirectory.createFolders(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix("events.out.tfevents.") {
            guard unlink(folder + "/" + name) == 0 else {
                throw ArtifactError.system("remove the earlier run's event file", path: folder + "/" + name)
            }
        }
        let seconds = max(0, Int(clock()))
        let time = String(repeating: "0", count: max(0, 10 - String(seconds).count)) + String(seconds)
        return folder + "/events.out.tfevents.\(time).\(Self.hostName()).\(getpid())"
    }

    private func writePendingBatch(_ learner: Learner) throws {
        guard var batch = pendingBatch else { return }
        pendingBatch = nil
        for scalar in extraScalars {
            if let value = scalar.value(learner) { batch.values.append(.scalar(tag: scalar.tag, value: value)) }
        }
        recordedIterations = batch.step + 1
        try write(TFRecord.framed(TensorBoardEvent.summary(wallTime: batch.wallTime, step: batch.step, values: batch.values)))
    }

    private func write(_ records: [UInt8]) throws {
        try file?.append(records)
    }

    /// The machine's name as TensorBoard's own writers put it in file names ("localhost" if unknown).
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name.replacingOccurrences(of: "/", with: "_")
    }
}
