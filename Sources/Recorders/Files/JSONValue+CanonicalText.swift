import ArtifactSchema

extension JSONValue {
    /// Compact JSON with object keys sorted by their UTF-8 bytes and numbers in Swift's
    /// shortest round-trip form: the same value gives the same text on every platform (the
    /// input of run-id hashes).
    public var canonicalText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return NumberText.json(value)
        case .string(let value): return JSONObjectText.quoted(value)
        case .array(let values): return "[" + values.map(\.canonicalText).joined(separator: ",") + "]"
        case .object(let members):
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return "{" + keys.map { JSONObjectText.quoted($0) + ":" + members[$0]!.canonicalText }
                .joined(separator: ",") + "}"
        }
    }
}
