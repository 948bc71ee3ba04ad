import Foundation

extension RunManifest: Codable {
    private enum Key: String, CodingKey, CaseIterable {
        case format, formatVersion, id, kind, status, complete, group, lrlabVersion, commandLine
        case startedAt, endedAt, model, data, batchSize, seed, blasThreads, optimizer, schedule, settings
        case error, summary, suggestions, analysis, verify, environment, stability
    }

    private static let knownMembers = Set(Key.allCases.map(\.rawValue))

    /// Reads `run.json` leniently: `format` must be `lrlab-run` and `formatVersion` (1 when
    /// absent) no newer than `ArtifactFormat.run.version` (else `ArtifactFormatError`), `id` is
    /// required; a missing member reads as nil, or as what its absence means (no status:
    /// `running`; no `complete`: as the status says; no command line, optimizer or summary: none
    /// recorded). Unknown members go to `extra`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        format = try c.decode(String.self, forKey: .format)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion, absent: 1)
        try ArtifactFormat.run.check(format: format, version: formatVersion)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decodeKnown(RunKind.self, forKey: .kind, path: "kind")
        status = try c.decodeKnown(RunStatus.self, forKey: .status, path: "status") ?? .running
        complete = try c.decode(Bool.self, forKey: .complete, absent: status.isComplete)
        group = try c.decodeIfPresent(String.self, forKey: .group)
        lrlabVersion = try c.decodeIfPresent(String.self, forKey: .lrlabVersion)
        commandLine = try c.decode([String].self, forKey: .commandLine, absent: [])
        startedAt = try c.decodeIfPresent(String.self, forKey: .startedAt)
        endedAt = try c.decodeIfPresent(String.self, forKey: .endedAt)
        model = try c.decode(Model.self, forKey: .model, absent: Model())
        data = try c.decodeIfPresent(DataDescription.self, forKey: .data)
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed)
        blasThreads = try c.decodeIfPresent(Int.self, forKey: .blasThreads)
        optimizer = try c.decode([String: JSONValue].self, forKey: .optimizer, absent: [:])
        schedule = try c.decodeIfPresent([String: JSONValue].self, forKey: .schedule)
        settings = try c.decode([String: JSONValue].self, forKey: .settings, absent: [:])
        error = try c.decodeIfPresent(String.self, forKey: .error)
        summary = try c.decode(Summary.self, forKey: .summary, absent: Summary())
        suggestions = try c.decodeIfPresent([String: Suggestion].self, forKey: .suggestions)
        analysis = try c.decodeIfPresent(RangeTestAnalysis.self, forKey: .analysis)
        verify = try c.decodeIfPresent(Verify.self, forKey: .verify)
        environment = try c.decodeIfPresent(Environment.self, forKey: .environment)
        stability = try c.decodeIfPresent(Stability.self, forKey: .stability)
        extra = try decoder.container(keyedBy: AnyCodingKey.self).extraMembers(known: Self.knownMembers)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(format, forKey: .format)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encode(status, forKey: .status)
        try c.encode(complete, forKey: .complete)
        try c.encodeIfPresent(group, forKey: .group)
        try c.encodeIfPresent(lrlabVersion, forKey: .lrlabVersion)
        try c.encode(commandLine, forKey: .commandLine)
        try c.encodeIfPresent(startedAt, forKey: .startedAt)
        try c.encodeIfPresent(endedAt, forKey: .endedAt)
        try c.encode(model, forKey: .model)
        try c.encodeIfPresent(data, forKey: .data)
        try c.encodeIfPresent(batchSize, forKey: .batchSize)
        try c.encodeIfPresent(seed, forKey: .seed)
        try c.encodeIfPresent(blasThreads, forKey: .blasThreads)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        if !settings.isEmpty { try c.encode(settings, forKey: .settings) }
        try c.encodeIfPresent(error, forKey: .error)
        try c.encode(summary, forKey: .summary)
        try c.encodeIfPresent(suggestions, forKey: .suggestions)
        try c.encodeIfPresent(analysis, forKey: .analysis)
        try c.encodeIfPresent(verify, forKey: .verify)
        try c.encodeIfPresent(environment, forKey: .environment)
        try c.encodeIfPresent(stability, forKey: .stability)
        var all = encoder.container(keyedBy: AnyCodingKey.self)
        try all.encodeExtra(extra, known: Self.knownMembers)
    }

    /// The manifest as `run.json` text (`ArtifactJSON.text`).
    public func jsonText() throws -> String {
        try ArtifactJSON.text(self)
    }

    /// Reads a manifest from `run.json`'s bytes with `ArtifactJSON.decoder`.
    public static func decode(from data: Data) throws -> RunManifest {
        try ArtifactJSON.decoder.decode(RunManifest.self, from: data)
    }
}
