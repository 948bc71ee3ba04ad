/// JSON string literals as LRLab's hand-written JSON writers spell them: the events lines of
/// `events.jsonl` and the data embedded in site pages.
public enum JSONStringLiteral {
    /// `text` quoted: `"` and `\` and control characters escaped (`\n`, `\r`, `\t`, else
    /// `\u00xx`), everything else as UTF-8.
    ///
    /// With `forScripts`, also `<`, `>`, `&` and U+2028/U+2029 as `\u` sequences, so the literal is
    /// safe inside an HTML `<script>` element (no `</script>` or `<!--`) and in older JavaScript.
    public static func quoted(_ text: String, forScripts: Bool = false) -> String {
        // Most text needs no escape: copied whole after one pass over its bytes. For scripts a
        // byte 0xE2 may start U+2028/U+2029, so it takes the careful path.
        let plain = forScripts
            ? text.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x3C && $0 != 0x3E && $0 != 0x26 && $0 != 0xE2 }
            : text.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }
        if plain { return "\"" + text + "\"" }
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<" where forScripts: result += "\\u003c"
            case ">" where forScripts: result += "\\u003e"
            case "&" where forScripts: result += "\\u0026"
            case "\u{2028}" where forScripts: result += "\\u2028"
            case "\u{2029}" where forScripts: result += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
