import ArtifactSchema
import Foundation

/// One run folder read from disk and checked against docs/artifacts.md.
public struct RunArtifacts: Sendable {
    /// Files a run folder may hold, in the order they are linked.
    static let knownFiles = RunFiles.all

    public var manifest: RunManifest
    /// The folder the run was read from.
    public var folder: URL
    /// Known files present in the folder (names from `knownFiles`).
    public var files: [String]
    /// Data rows in metrics.csv.
    public var metricRows: Int
    /// Bytes of each file in `files`, read once so the build copies them without reading again.
    ///
    /// For an unfinished run, metrics.csv holds its whole lines only (a row torn by the kill is
    /// cut off) and plot.svg, when the run wrote none, is the one drawn from metrics.csv.
    public var contents: [String: Data]
    /// run.json as JSON, members this LRLab does not model included (data and environment
    /// tables, `{{< value >}}` directives).
    public var json: JSONValue = .object([:])
    /// Whether plot.svg was drawn by the report from metrics.csv because the run wrote none.
    public var plotDrawnFromMetrics = false
    /// Whether a torn last line was cut off metrics.csv.
    public var tornLineDropped = false

    public var id: String { manifest.id }

    /// Whether the run stopped without a full record (status `running`, `interrupted` or
    /// `failed`): a process killed mid-run leaves `running` behind.
    public var isUnfinished: Bool { !manifest.status.isComplete }

    /// Whether the page has a loss plot (an unfinished run killed before its first batch has none).
    public var hasPlot: Bool { contents[RunFiles.plot] != nil }

    /// Reads `folder/run.json` and validates metrics.csv and plot.svg; errors name the bad file.
    public static func load(from folder: URL) throws -> RunArtifacts {
        let manifestURL = folder.appendingEntry(RunFiles.manifest)
        let manifest: RunManifest
        var contents: [String: Data] = [:]
        do {
            let data = try Data(contentsOf: manifestURL)
            contents[RunFiles.manifest] = data
            manifest = try RunManifest.decode(from: data)
        } catch {
            throw readError(error, file: manifestURL)
        }
        let folderPath = folder.path
        for name in knownFiles.dropFirst() {
            switch ArtifactFileRead(path: folderPath + "/" + name) {
            case .bytes(let data): contents[name] = data
            case .missing: continue
            case .failed: throw ReportError.runArtifact(file: folder.appendingEntry(name).path, problem: "cannot read \(name)")
            }
        }
        let unfinished = !manifest.status.isComplete
        if unfinished, contents[RunFiles.metrics] == nil, contents[RunFiles.plot] == nil {
            throw ReportError.runArtifact(
                file: folder.path,
                problem: "the run is \(manifest.status.rawValue) and its folder has neither \(RunFiles.metrics) nor "
                    + "\(RunFiles.plot), so there is nothing to show")
        }
        // An unfinished run may lack plot.svg (it is drawn below); a finished one may not.
        for required in unfinished ? [RunFiles.metrics] : [RunFiles.metrics, RunFiles.plot] where contents[required] == nil {
            throw ReportError.runArtifact(file: folder.appendingEntry(required).path,
                                          problem: "\(required) is missing")
        }
        let metricsURL = folder.appendingEntry(RunFiles.metrics)
        let metrics = try MetricsTable.validate(contents[RunFiles.metrics]!, file: metricsURL, unfinished: unfinished)
        var run = RunArtifacts(manifest: manifest, folder: folder, files: [], metricRows: metrics.rows, contents: contents)
        if metrics.data.count != contents[RunFiles.metrics]!.count {
            run.contents[RunFiles.metrics] = metrics.data
            run.tornLineDropped = true
        }
        if let plot = contents[RunFiles.plot] {
            try validatePlot(plot, file: folder.appendingEntry(RunFiles.plot))
        } else {
            let svg: String?
            do {
                svg = try MetricsPlot.svg(metrics: metrics.data, againstLR: isRangeTest(manifest), runID: manifest.id)
            } catch {
                throw ReportError.runArtifact(file: metricsURL.path, problem: "cannot draw a plot from metrics.csv (\(error))")
            }
            if let svg {
                run.contents[RunFiles.plot] = Data(svg.utf8)
                run.plotDrawnFromMetrics = true
            }
        }
        // run.json already decoded as a manifest, so it is valid JSON.
        run.json = JSONValueReader.read(contents[RunFiles.manifest]!) ?? .object([:])
        run.files = knownFiles.filter { run.contents[$0] != nil }
        return run
    }

    /// Whether the run is an LR range test (plotted against the learning rate).
    static func isRangeTest(_ manifest: RunManifest) -> Bool {
        manifest.kind == .lrFind || manifest.schedule?["kind"]?.stringValue == "exponential-sweep"
    }

    static func validatePlot(_ data: Data, file url: URL) throws {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReportError.runArtifact(file: url.path, problem: "plot.svg is not readable UTF-8")
        }
        guard text.containsBytes("<svg"), text.containsBytes("</svg>") else {
            throw ReportError.runArtifact(file: url.path, problem: "plot.svg is not a complete SVG document")
        }
    }

    /// The report's error for a manifest (`run.json`, `group.json`) that cannot be read or decoded.
    static func readError(_ error: Error, file url: URL) -> ReportError {
        let name = url.lastPathComponent
        switch error {
        case let error as ArtifactFormatError:
            if case let .newerVersion(version, format) = error {
                return .newerArtifact(file: url.path, format: format.name, version: version, supported: format.version)
            }
            return .runArtifact(file: url.path, problem: "\(error)")
        case let error as DecodingError:
            return .runArtifact(file: url.path, problem: "\(name) is corrupt (\(describe(error)))")
        default:
            return .runArtifact(file: url.path, problem: "cannot read \(name) (\(error.localizedDescription))")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, context):
            return "missing `\(path(context.codingPath + [key]))`"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "wrong type at `\(path(context.codingPath))`"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value at `\(path(context.codingPath))`"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
