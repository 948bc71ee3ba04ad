import Foundation

extension GroupManifest: Codable {
    private enum Key: String, CodingKey, CaseIterable {
        case format, formatVersion, id, kind, model, batchSizes, seeds, runs, charts, scaling
    }

    private static let knownMembers = Set(Key.allCases.map(\.rawValue))

    /// Reads `group.json` leniently: `format` must be `lrlab-group` and `formatVersion` (1 when
    /// absent) no newer than `ArtifactFormat.group.version` (else `ArtifactFormatError`), `id` is
    /// required; other members read as nil or empty when missing, unknown ones go to `extra`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        format = try c.decode(String.self, forKey: .format)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion, absent: 1)
        try ArtifactFormat.group.check(format: format, version: formatVersion)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        batchSizes = try c.decodeIfPresent([Int].self, forKey: .batchSizes)
        seeds = try c.decodeIfPresent([UInt64].self, forKey: .seeds)
        runs = try c.decode([String].self, forKey: .runs, absent: [])
        charts = try c.decode(Charts.self, forKey: .charts, absent: Charts())
        scaling = try c.decode([String: ScalingOutcome].self, forKey: .scaling, absent: [:])
        extra = try decoder.container(keyedBy: AnyCodingKey.self).extraMembers(known: Self.knownMembers)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(format, forKey: .format)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(model, forKey: .model)
        try c.encodeIfPresent(batchSizes, forKey: .batchSizes)
        try c.encodeIfPresent(seeds, forKey: .seeds)
        try c.encode(runs, forKey: .runs)
        try c.encode(charts, forKey: .charts)
        try c.encode(scaling, forKey: .scaling)
        var all = encoder.container(keyedBy: AnyCodingKey.self)
        try all.encodeExtra(extra, known: Self.knownMembers)
    }

    /// The manifest as `group.json` text (`ArtifactJSON.text`).
    public func jsonText() throws -> String {
        try ArtifactJSON.text(self)
    }

    /// Reads a manifest from `group.json`'s bytes with `ArtifactJSON.decoder`.
    public static func decode(from data: Data) throws -> GroupManifest {
        try ArtifactJSON.decoder.decode(GroupManifest.self, from: data)
    }
}
