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
    public var contents: [String: Data]

    public var id: String { manifest.id }

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
        for name in knownFiles.dropFirst() {
            let url = folder.appendingEntry(name)
            do {
                contents[name] = try Data(contentsOf: url)
            } catch CocoaError.fileReadNoSuchFile {
                continue
            } catch {
                throw ReportError.runArtifact(file: url.path, problem: "cannot read \(name)")
            }
        }
        for required in [RunFiles.metrics, RunFiles.plot] where contents[required] == nil {
            throw ReportError.runArtifact(file: folder.appendingEntry(required).path,
                                          problem: "\(required) is missing")
        }
        let rows = try MetricsTable.validate(contents[RunFiles.metrics]!, file: folder.appendingEntry(RunFiles.metrics))
        try validatePlot(contents[RunFiles.plot]!, file: folder.appendingEntry(RunFiles.plot))
        return RunArtifacts(manifest: manifest, folder: folder, files: knownFiles.filter { contents[$0] != nil },
                            metricRows: rows, contents: contents)
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
