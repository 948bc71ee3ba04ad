import ArtifactSchema

/// Builds one JSON object as text with members in the order they are added, so that every run
/// writes byte-identical lines.
struct JSONObjectText {
    private var text = "{"
    private var isEmpty = true

    mutating func add(_ key: String, raw value: String) {
        text += (isEmpty ? "" : ",") + Self.quoted(key) + ":" + value
        isEmpty = false
    }

    mutating func add(_ key: String, _ value: Int) { add(key, raw: String(value)) }
    mutating func add(_ key: String, _ value: Float) { add(key, raw: NumberText.json(value)) }
    mutating func add(_ key: String, _ value: Double) { add(key, raw: NumberText.json(value)) }
    mutating func add(_ key: String, _ value: String) { add(key, raw: Self.quoted(value)) }
    mutating func add(_ key: String, _ values: [Float]) {
        add(key, raw: "[" + values.map(NumberText.json).joined(separator: ",") + "]")
    }

    /// The object's text, without a newline.
    var result: String { text + "}" }

    /// `string` as a JSON string literal.
    static func quoted(_ string: String) -> String { JSONStringLiteral.quoted(string) }
}
