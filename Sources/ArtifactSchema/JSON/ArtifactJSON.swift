import Foundation

/// The JSON encoding of LRLab's manifests: sorted keys, pretty-printed, slashes unescaped, and the
/// strings `"nan"`, `"inf"`, `"-inf"` for non-finite numbers (as in the CSV files; JSON has no
/// such numbers).
public enum ArtifactJSON {
    /// The encoder every manifest is written with.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The decoder that reads what `encoder` writes (a plain `JSONDecoder` rejects `"nan"`).
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// The `Double` nearest to `value`'s shortest round-trip decimal form, so that JSON shows the
    /// digits a `Float` prints with (0.1, not 0.10000000149011612).
    public static func shortestDecimal(_ value: Float) -> Double {
        value.isFinite ? (Double("\(value)") ?? Double(value)) : Double(value)
    }

    /// `value` as file text: `encoder`'s output and a final newline.
    public static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// Any member name, for the members a manifest keeps in `extra`.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer {
    /// The member at `key`, or `absent` when the file has no such member (or `null`).
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key, absent: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? absent()
    }

    /// The member at `key` as one of `T`'s values, nil when absent; a value `T` does not have is
    /// an `ArtifactFormatError.unknownValue` naming the member `path`.
    func decodeKnown<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key,
                                                        path: String) throws -> T? where T.RawValue == String {
        guard let raw = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = T(rawValue: raw) else {
            throw ArtifactFormatError.unknownValue(member: path, value: raw, known: T.allCases.map(\.rawValue))
        }
        return value
    }

    /// Every member whose name is not in `known`, as JSON values.
    func extraMembers(known: Set<String>) throws -> [String: JSONValue] where Key == AnyCodingKey {
        var extra: [String: JSONValue] = [:]
        for key in allKeys where !known.contains(key.stringValue) {
            extra[key.stringValue] = try decode(JSONValue.self, forKey: key)
        }
        return extra
    }
}

extension KeyedEncodingContainer where Key == AnyCodingKey {
    /// Writes `extra`'s members, except those named in `known` (the modelled members win).
    mutating func encodeExtra(_ extra: [String: JSONValue], known: Set<String>) throws {
        for (key, value) in extra where !known.contains(key) {
            try encode(value, forKey: AnyCodingKey(stringValue: key))
        }
    }
}
