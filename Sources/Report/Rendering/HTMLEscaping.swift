import Foundation

/// Escaping of text that reaches HTML or XML output.
public enum HTMLEscaping {
    /// Replaces `& < > " '` with entities so the text is safe in element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte == 38 || byte == 60 || byte == 62 || byte == 34 || byte == 39 {
            needsWork = true
            break
        }
        if !needsWork { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if let entity = entity(for: scalar) { result += entity } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    /// The entity `escape` writes for `scalar`, or nil for a scalar kept as it is.
    @inline(__always)
    static func entity(for scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "&": return "&amp;"
        case "<": return "&lt;"
        case ">": return "&gt;"
        case "\"": return "&quot;"
        case "'": return "&#39;"
        default: return nil
        }
    }

    /// Appends `text` to `output` escaped Character by Character, as swift-mustache escapes: a
    /// character that combines a mark onto `<` (one Character, two scalars) is kept as it is.
    static func appendEscapingCharacters(_ text: String, to output: inout String) {
        for character in text {
            let scalars = character.unicodeScalars
            if scalars.count == 1, let entity = entity(for: scalars.first!) {
                output += entity
            } else {
                output.append(character)
            }
        }
    }

    /// Reverses the five entities `escape` produces plus numeric ones (used to read hrefs back).
    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        return text
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
