/// Builds SVG markup one element per line, escaping every attribute value and text.
struct SVGWriter {
    private(set) var output = ""

    /// Opens `name` with `attributes` in the order given; nil values are left out.
    mutating func open(_ name: String, _ attributes: [(String, String?)] = []) {
        output += "<" + name + SVGWriter.attributeList(attributes) + ">\n"
    }

    mutating func close(_ name: String) {
        output += "</" + name + ">\n"
    }

    /// A self-closing element, or one holding escaped `text`.
    mutating func element(_ name: String, _ attributes: [(String, String?)], text: String? = nil) {
        if let text {
            output += "<" + name + SVGWriter.attributeList(attributes) + ">" + SVGWriter.escape(text)
                + "</" + name + ">\n"
        } else {
            output += "<" + name + SVGWriter.attributeList(attributes) + "/>\n"
        }
    }

    /// Text the caller has already made safe (the fixed stylesheet).
    mutating func raw(_ markup: String) {
        output += markup
    }

    private static func attributeList(_ attributes: [(String, String?)]) -> String {
        var list = ""
        for (key, value) in attributes {
            guard let value else { continue }
            list += " " + key + "=\"" + escape(value) + "\""
        }
        return list
    }

    /// `text` with the five XML special characters as entities and the control characters XML 1.0
    /// forbids removed.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
