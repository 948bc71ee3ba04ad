import CurveAnalysis
import Foundation

extension RunManifest: Codable {
    private enum Key: String, CodingKey, CaseIterable {
        case format, formatVersion, id, kind, status, complete, group, lrlabVersion, commandLine
        case startedAt, endedAt, model, data, batchSize, seed, blasThreads, optimizer, schedule
        case error, summary, suggestions, analysis, verify
    }

    /// Any member name, for `extra`.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        format = try c.decode(String.self, forKey: .format)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(RunKind.self, forKey: .kind)
        status = try c.decode(RunStatus.self, forKey: .status)
        complete = try c.decode(Bool.self, forKey: .complete)
        group = try c.decodeIfPresent(String.self, forKey: .group)
        lrlabVersion = try c.decode(String.self, forKey: .lrlabVersion)
        commandLine = try c.decode([String].self, forKey: .commandLine)
        startedAt = try c.decode(String.self, forKey: .startedAt)
        endedAt = try c.decodeIfPresent(String.self, forKey: .endedAt)
        model = try c.decode(Model.self, forKey: .model)
        data = try c.decodeIfPresent(DataDescription.self, forKey: .data)
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        seed = try c.decode(UInt64.self, forKey: .seed)
        blasThreads = try c.decode(Int.self, forKey: .blasThreads)
        optimizer = try c.decode([String: JSONValue].self, forKey: .optimizer)
        schedule = try c.decodeIfPresent([String: JSONValue].self, forKey: .schedule)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        summary = try c.decode(Summary.self, forKey: .summary)
        suggestions = try c.decodeIfPresent([String: Suggestion].self, forKey: .suggestions)
        analysis = try c.decodeIfPresent(RangeTestAnalysis.self, forKey: .analysis)
        verify = try c.decodeIfPresent(Verify.self, forKey: .verify)
        let known = Set(Key.allCases.map(\.rawValue))
        let all = try decoder.container(keyedBy: AnyKey.self)
        for key in all.allKeys where !known.contains(key.stringValue) {
            extra[key.stringValue] = try all.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(format, forKey: .format)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(status, forKey: .status)
        try c.encode(complete, forKey: .complete)
        try c.encodeIfPresent(group, forKey: .group)
        try c.encode(lrlabVersion, forKey: .lrlabVersion)
        try c.encode(commandLine, forKey: .commandLine)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encodeIfPresent(endedAt, forKey: .endedAt)
        try c.encode(model, forKey: .model)
        try c.encodeIfPresent(data, forKey: .data)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(seed, forKey: .seed)
        try c.encode(blasThreads, forKey: .blasThreads)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encode(summary, forKey: .summary)
        try c.encodeIfPresent(suggestions, forKey: .suggestions)
        try c.encodeIfPresent(analysis, forKey: .analysis)
        try c.encodeIfPresent(verify, forKey: .verify)
        let known = Set(Key.allCases.map(\.rawValue))
        var all = encoder.container(keyedBy: AnyKey.self)
        for (key, value) in extra where !known.contains(key) {
            try all.encode(value, forKey: AnyKey(stringValue: key))
        }
    }

    /// The manifest as `run.json` text: sorted keys, pretty-printed, `"nan"`/`"inf"`/`"-inf"`
    /// strings for non-finite numbers (as in the CSV files), ending with a newline.
    public func jsonText() throws -> String {
        let data = try Self.encoder.encode(self)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads a manifest from `run.json` text or bytes.
    public static func decode(from data: Data) throws -> RunManifest {
        try decoder.decode(RunManifest.self, from: data)
    }

    /// The encoder for manifests; readers use the matching `decoder`.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// A decoder that reads what `encoder` writes.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
