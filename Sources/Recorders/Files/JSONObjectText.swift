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
    static func quoted(_ string: String) -> String {
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + string + "\""
        }
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
