/// Server-side highlighting of fenced code blocks: a small tokenizer per language marks
/// keywords, strings, comments and the like with `<span class="tok-…">`; all text is escaped.
enum CodeHighlighter {
    enum Language: String, Sendable {
        case shell, swift, python, yaml

        /// The language of a fence's info string (`sh`, `bash`, `console`, `swift`, `py`, `yml`, …),
        /// nil for any other.
        init?(info: String) {
            let word = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" || $0 == "," }).first
                .map { $0.lowercased() } ?? ""
            switch word {
            case "sh", "bash", "shell", "zsh", "console", "shell-session", "terminal": self = .shell
            case "swift": self = .swift
            case "python", "py", "python3", "ipython", "ipython3": self = .python
            case "yaml", "yml": self = .yaml
            default: return nil
            }
        }
    }

    /// The `<pre>` block for `code`: escaped text with token spans.
    static func html(_ code: String, language: Language) -> String {
        let bytes = Array(code.utf8)
        let tokens: [CodeToken]
        switch language {
        case .shell: tokens = ShellTokenizer.tokens(bytes)
        case .swift: tokens = SwiftTokenizer.tokens(bytes)
        case .python: tokens = PythonTokenizer.tokens(bytes)
        case .yaml: tokens = YAMLTokenizer.tokens(bytes)
        }
        var html = "<pre class=\"code\" data-lang=\"\(language.rawValue)\"><code class=\"language-\(language.rawValue)\">"
        html.reserveCapacity(bytes.count * 2 + 64)
        var position = 0
        for token in tokens where token.range.lowerBound >= position && !token.range.isEmpty {
            html += escaped(bytes[position..<token.range.lowerBound])
            html += "<span class=\"tok-\(token.kind.rawValue)\">" + escaped(bytes[token.range]) + "</span>"
            position = token.range.upperBound
        }
        html += escaped(bytes[position...])
        return html + "</code></pre>"
    }

    private static func escaped(_ bytes: ArraySlice<UInt8>) -> String {
        HTMLEscaping.escape(String(decoding: bytes, as: UTF8.self))
    }
}

/// What a highlighted span is; the raw value is the CSS class suffix (`tok-kw`).
enum CodeTokenKind: String, Sendable {
    case keyword = "kw", string = "str", comment = "com", number = "num", type = "type"
    case function = "fn", variable = "var", attribute = "attr", key = "key"
}

/// A highlighted byte range of the code.
struct CodeToken: Equatable, Sendable {
    var range: Range<Int>
    var kind: CodeTokenKind
}
