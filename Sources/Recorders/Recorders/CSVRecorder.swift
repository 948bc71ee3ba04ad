import ArtifactSchema
import Training

/// Writes `metrics.csv` (one row per training batch) and `epochs.csv` (one row per epoch).
///
/// Rows of `metrics.csv` are appended as the run goes, each handed to the operating system at
/// once as one whole line, so a crash leaves every earlier row readable and no part of a row (a
/// row the disk had no room for is cut off again); at `afterFit` the file is rewritten
/// atomically. A batch's row is taken after its loss and written at `afterBatch` (or at the
/// cancellation or end of the fit, if a callback stopped the fit within that batch).
///
/// Later fits with the same recorder continue the run (fine-tuning): their rows are appended
/// with iterations and epochs counted on from the earlier fits.
public final class CSVRecorder: Callback {
    public let order = CallbackOrder.recorder
    /// Rows are training batches only.
    public let runsDuringValidation = false
    public let directory: RunDirectory
    /// Whether `epochs.csv` is written (not for LR range tests).
    public let writesEpochs: Bool
    private var extraColumns: [(name: String, value: (Learner) -> Float?)] = []
    private var header = ""
    private var rows: [String] = []
    private var pending: String?
    private var metricsFile: AppendingFile?
    private var epochRows: [String] = []
    private var epochStartSeconds = 0.0
    private var validatedThisEpoch = false
    private var progress = RunProgress()

    public static let epochsHeader = EpochsColumns.all.joined(separator: ",")

    public init(directory: RunDirectory, writesEpochs: Bool = true) {
        self.directory = directory
        self.writesEpochs = writesEpochs
    }

    /// Adds a column after the standard ones, filled per batch by `value` (nil leaves the cell
    /// empty). `value` is read at `afterBatch` at `CallbackOrder.recorder`, so a callback that
    /// computes it should do so earlier (a lower order, or an earlier event).
    public func addColumn(_ name: String, value: @escaping (Learner) -> Float?) throws {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ Self.isColumnCharacter($0) }) else {
            throw ArtifactError(path: directory.path(for: RunFiles.metrics), operation: "add a column to",
                                detail: "column name '\(name)' may use only a-z, 0-9 and '_'")
        }
        guard !extraColumns.contains(where: { $0.name == name }) else {
            throw ArtifactError(path: directory.path(for: RunFiles.metrics), operation: "add a column to",
                                detail: "there is already a column '\(name)'")
        }
        extraColumns.append((name, value))
    }

    /// The header of `metrics.csv` for an optimizer with these group names.
    public func metricsHeader(groupNames: [String]) -> String {
        var columns = MetricsColumns.standard
        if groupNames.count > 1 { columns += groupNames.map { MetricsColumns.groupLearningRate(Self.columnName($0)) } }
        return (columns + extraColumns.map(\.name)).joined(separator: ",")
    }

    public func beforeFit(_ learner: Learner) throws {
        let newHeader = metricsHeader(groupNames: learner.optimizer.groups.map(\.name))
        pending = nil
        let path = directory.path(for: RunFiles.metrics)
        if progress.isFirstFit {
            header = newHeader
            rows = []
            epochRows = []
            // The header appears whole (an atomic write), then rows are appended to it.
            try directory.write(header + "\n", to: RunFiles.metrics)
            metricsFile = try AppendingFile(path: path, truncating: false)
            if writesEpochs { try writeEpochs() }
        } else {
            guard newHeader == header else {
                throw ArtifactError(path: path, operation: "continue",
                                    detail: "this fit has columns \(newHeader) but the run has \(header)")
            }
            metricsFile = try AppendingFile(path: path, truncating: false)
        }
        progress.beginFit()
    }

    public func afterLoss(_ learner: Learner) throws {
        guard learner.isTraining else { return }
        let rates = learner.learningRates
        var cells = [String(progress.iteration(learner)), String(progress.epoch(learner)), NumberText.csv(rates.last ?? .nan),
                     NumberText.csv(learner.momentums.last ?? .nan), NumberText.csv(learner.loss),
                     NumberText.csv(learner.smoothLoss)]
        if rates.count > 1 { cells += rates.map(NumberText.csv) }
        pending = cells.joined(separator: ",")
    }

    public func afterBatch(_ learner: Learner) throws {
        try writePendingRow(learner)
    }

    public func afterCancel(_ cancellation: Cancellation, learner: Learner) throws {
        try writePendingRow(learner)
    }

    public func beforeEpoch(_ learner: Learner) throws {
        epochStartSeconds = learner.elapsedSeconds
        validatedThisEpoch = false
    }

    public func afterValidate(_ learner: Learner) throws {
        validatedThisEpoch = learner.validation != nil
    }

    public func afterEpoch(_ learner: Learner) throws {
        guard writesEpochs else { return }
        let validation = validatedThisEpoch ? learner.validation : nil
        let seconds = ((learner.elapsedSeconds - epochStartSeconds) * 1000).rounded() / 1000
        let cells = [String(progress.epoch(learner)), NumberText.csv(learner.smoothLoss),
                     validation.map { NumberText.csv($0.loss) } ?? "",
                     validation?.accuracy.map(NumberText.csv) ?? "",
                     validation?.errorRate.map(NumberText.csv) ?? "", NumberText.csv(seconds)]
        epochRows.append(cells.joined(separator: ","))
        try writeEpochs()
    }

    public func afterFit(_ learner: Learner) throws {
        takePendingRow(learner)  // no append: the whole file is rewritten just below
        metricsFile?.close()
        metricsFile = nil
        try directory.write(([header] + rows).map { $0 + "\n" }.joined(), to: RunFiles.metrics)
        if writesEpochs { try writeEpochs() }
        progress.endFit(learner)
    }

    private func writePendingRow(_ learner: Learner) throws {
        guard let row = takePendingRow(learner) else { return }
        try metricsFile?.append(row + "\n")
    }

    /// Completes the pending row with the extra columns and keeps it in `rows`; nil when none.
    @discardableResult
    private func takePendingRow(_ learner: Learner) -> String? {
        guard var row = pending else { return nil }
        pending = nil
        for column in extraColumns { row += "," + (column.value(learner).map(NumberText.csv) ?? "") }
        rows.append(row)
        return row
    }

    private func writeEpochs() throws {
        try directory.write(([Self.epochsHeader] + epochRows).map { $0 + "\n" }.joined(), to: RunFiles.epochs)
    }

    /// `name` lowercased with characters outside `[a-z0-9_]` replaced by `_`.
    static func columnName(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.map { isColumnCharacter($0) ? $0 : "_" }))
    }

    private static func isColumnCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
