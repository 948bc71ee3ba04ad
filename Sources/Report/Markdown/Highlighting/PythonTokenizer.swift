/// Python: keywords, decorators, function and class names, strings (prefixed, triple-quoted),
/// numbers, comments.
enum PythonTokenizer {
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "match", "case", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "self",
    ]
    static let stringPrefixes: Set<String> = ["r", "u", "b", "f", "br", "rb", "fr", "rf"]

    static func tokens(_ bytes: [UInt8]) -> [CodeToken] {
        var scanner = CodeScanner(bytes)
        var previousWord = ""
        var lineStart = true
        while !scanner.atEnd {
            let start = scanner.position
            let byte = scanner.current
            if byte == 10 {
                scanner.position += 1
                lineStart = true
                continue
            }
            if CodeScanner.isSpace(byte) {
                scanner.position += 1
                continue
            }
            defer { lineStart = false }
            if byte == UInt8(ascii: "#") {
                scanner.skipToLineEnd()
                scanner.add(.comment, from: start)
                continue
            }
            if byte == UInt8(ascii: "@"), lineStart {
                scanner.position += 1
                while !scanner.atEnd, CodeScanner.isIdentifier(scanner.current) || scanner.current == UInt8(ascii: ".") {
                    scanner.position += 1
                }
                scanner.add(.attribute, from: start)
                continue
            }
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                string(&scanner, raw: false)
                scanner.add(.string, from: start)
                previousWord = ""
                continue
            }
            if CodeScanner.isDigit(byte) || (byte == UInt8(ascii: ".") && scanner.peek().map(CodeScanner.isDigit) == true) {
                scanner.number()
                scanner.add(.number, from: start)
                continue
            }
            if CodeScanner.isIdentifier(byte) {
                let word = scanner.identifier()
                if stringPrefixes.contains(word.lowercased()), !scanner.atEnd,
                   scanner.current == UInt8(ascii: "'") || scanner.current == UInt8(ascii: "\"") {
                    string(&scanner, raw: word.lowercased().contains("r"))
                    scanner.add(.string, from: start)
                    previousWord = ""
                    continue
                }
                if keywords.contains(word) && previousWord != "." {
                    scanner.add(.keyword, from: start)
                } else if previousWord == "def" {
                    scanner.add(.function, from: start)
                } else if previousWord == "class" {
                    scanner.add(.type, from: start)
                }
                previousWord = word
                continue
            }
            previousWord = byte == UInt8(ascii: ".") ? "." : ""
            scanner.position += 1
        }
        return scanner.tokens
    }

    /// A string at its opening quote: triple-quoted ones span lines, others end at the line.
    private static func string(_ scanner: inout CodeScanner, raw: Bool) {
        let quote = scanner.current
        let triple = scanner.peek() == quote && scanner.peek(2) == quote
        // A raw string still cannot end with an odd backslash, so escapes skip a character either way.
        _ = raw
        scanner.quoted(quote, count: triple ? 3 : 1, singleLine: !triple)
    }
}
