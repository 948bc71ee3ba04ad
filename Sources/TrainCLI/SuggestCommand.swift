import ArgumentParser
import ArtifactSchema
import CurveAnalysis
import Foundation

/// `train suggest FILE`: fastai's four LR suggestions and the range-test analysis of a recorded curve.
struct SuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest learning rates from a recorded LR range-test curve.",
        discussion: """
            Reads a metrics.csv (or any CSV with `lr` and `loss` or `smooth_loss` columns; \
            `smooth_loss` is used when present), torch-lr-finder's history JSON ({"lr": [...], \
            "loss": [...]}), or a TensorBoard event file or folder of them (--loss-tag, --lr-tag); \
            drops points at both ends as fastai's lr_find does, \
            cuts at the first NaN, and prints the minimum, steep, valley and slide suggestions with \
            a plain-language analysis of the whole curve.
            """)

    @Argument(help: "The curve: a metrics.csv or any CSV with `lr` and `loss` columns.")
    var file: String

    @Option(name: .long, help: "Points to drop at the start (default: a tenth of the points, like fastai).")
    var skipStart: Int?

    @Option(name: .long, help: ArgumentHelp(
        "The range test's planned batch count, whose tenth is dropped at the start (default: from the run.json beside FILE, else the number of points).",
        valueName: "n"))
    var numIterations: Int?

    @Option(name: .long, help: ArgumentHelp("For TensorBoard event files: the loss scalar's tag (default: train/smooth_loss, train/loss, loss, ...).", valueName: "tag"))
    var lossTag: String?

    @Option(name: .long, help: ArgumentHelp("For TensorBoard event files: the learning-rate scalar's tag (default: train/lr, lr, lr-SGD, ...).", valueName: "tag"))
    var lrTag: String?

    @Option(name: .long, help: "Points to drop at the end.")
    var skipEnd: Int = 5

    @Flag(name: .long, help: "Print a JSON object with `suggestions` and `analysis` instead of a table.")
    var json = false

    func validate() throws {
        if let skipStart, skipStart < 0 {
            throw ValidationError("--skip-start must be 0 or more, got \(skipStart)")
        }
        if let numIterations, numIterations < 1 {
            throw ValidationError("--num-iterations must be 1 or more, got \(numIterations)")
        }
        guard skipEnd >= 0 else { throw ValidationError("--skip-end must be 0 or more, got \(skipEnd)") }
    }

    func run() throws {
        let curve: RecordedCurve
        do {
            curve = try RecordedCurve.read(path: file, lossTag: lossTag, lrTag: lrTag)
        } catch let error as CurveFileError {
            throw Self.fail(error.description)
        }
        guard curve.count >= 2 else {
            throw Self.fail("\(file): the curve has \(curve.count) point\(curve.count == 1 ? "" : "s"); "
                + "a range test needs at least 2 (run `train lr-find` first, or check the file)")
        }
        let planned = numIterations ?? Self.plannedBatches(besides: file)
        let suggestions = LRSuggester.suggest(curve, numIterations: planned, skipStart: skipStart, skipEnd: skipEnd)
        let analysis = RangeTestAnalysis(curve: curve)
        print(json ? try Self.jsonText(suggestions, analysis) : Self.table(suggestions, analysis))
    }

    /// The planned batch count of the LRLab range test whose run.json sits beside `file`
    /// (`schedule.iterations` rungs of `settings.batchesPerStep` batches), so that the suggestions
    /// equal the ones `train lr-find` stored; nil for curves from other tools.
    static func plannedBatches(besides file: String) -> Int? {
        // Beside the file, or one folder up for an event file in <run>/tensorboard/ (or that folder).
        var folder = URL(fileURLWithPath: file)
        var isFolder: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) && isFolder.boolValue) {
            folder.deleteLastPathComponent()
        }
        if folder.lastPathComponent == "tensorboard" { folder.deleteLastPathComponent() }
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(RunFiles.manifest)),
              let manifest = try? RunManifest.decode(from: data),
              let iterations = manifest.schedule?["iterations"]?.intValue, iterations > 0
        else { return nil }
        let batchesPerStep = manifest.settings["batchesPerStep"]?.intValue ?? 1
        return iterations * max(batchesPerStep, 1)
    }

    /// Prints `message` on stderr and returns the failing exit code to throw.
    private static func fail(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode.failure
    }

    /// The four suggestions as aligned rows, then the analysis sentences.
    static func table(_ suggestions: LRSuggestions, _ analysis: RangeTestAnalysis) -> String {
        var lines = ["method    lr        loss"]
        for method in SuggestionMethod.allCases {
            let name = method.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            switch suggestions[method] {
            case .point(let lr, let loss):
                lines.append(name + LRFormat.string(lr).padding(toLength: 10, withPad: " ", startingAt: 0)
                    + LRFormat.loss(loss))
            case .unavailable(let reason):
                lines.append(name + "-         (\(reason))")
            }
        }
        return lines.joined(separator: "\n") + "\n\n" + analysis.summary(suggestions: suggestions)
    }

    /// `{"analysis": …, "suggestions": {"minimum": {"lr": …, "loss": …}, …}}`, keys sorted.
    static func jsonText(_ suggestions: LRSuggestions, _ analysis: RangeTestAnalysis) throws -> String {
        struct Output: Encodable {
            let suggestions: LRSuggestions
            let analysis: RangeTestAnalysis
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = try encoder.encode(Output(suggestions: suggestions, analysis: analysis))
        return String(decoding: data, as: UTF8.self)
    }
}
