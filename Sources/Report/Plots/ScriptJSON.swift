import ArtifactSchema

/// JSON text that is safe inside an HTML `<script>` element and in a `.js` file.
///
/// Strings escape `<`, `>` and `&` (so no `</script>` or `<!--` can appear) and U+2028/U+2029
/// (line terminators in older JavaScript) as `\u` sequences; numbers are written so that
/// `JSON.parse` reads back the same double.
enum ScriptJSON {
    static func string(_ text: String) -> String { JSONStringLiteral.quoted(text, forScripts: true) }

    /// A finite number as JSON (Swift's shortest round-trip form), `null` for NaN and infinities.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    /// An object with members in the order given (so the output is deterministic).
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
