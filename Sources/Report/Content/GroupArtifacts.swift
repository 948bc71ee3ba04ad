import ArtifactSchema
import Foundation

/// One sweep group folder (`group.json` plus its chart files) read from disk.
public struct GroupArtifacts: Sendable {
    public var manifest: GroupManifest
    public var folder: URL
    /// Chart files that exist, by role (`overlay`, `scaling`), as plain file names.
    public var charts: [(role: String, file: String)]
    /// Bytes of each chart file that could be read, by file name.
    public var chartData: [String: Data] = [:]
    /// group.json as JSON, members this LRLab does not model included (`{{< value >}}` directives).
    public var json: JSONValue = .object([:])

    public var id: String { manifest.id }

    /// Reads `folder/group.json`; chart names that would leave the folder are refused.
    public static func load(from folder: URL) throws -> GroupArtifacts {
        let url = folder.appendingEntry(GroupFiles.manifest)
        let manifest: GroupManifest
        let json: JSONValue
        do {
            let data = try Data(contentsOf: url)
            manifest = try GroupManifest.decode(from: data)
            json = JSONValueReader.read(data) ?? .object([:])
        } catch {
            throw RunArtifacts.readError(error, file: url)
        }
        var charts: [(String, String)] = []
        for (role, name) in [("overlay", manifest.charts.overlay), ("scaling", manifest.charts.scaling)] {
            guard let name else { continue }
            let chart = try ContentPath.child(name, of: folder, citedIn: url.path)
            if FileManager.default.fileExists(atPath: chart.path) { charts.append((role, name)) }
        }
        var group = GroupArtifacts(manifest: manifest, folder: folder, charts: charts)
        group.json = json
        for (_, name) in charts {
            if let data = try? Data(contentsOf: folder.appendingEntry(name)) { group.chartData[name] = data }
        }
        return group
    }
}
