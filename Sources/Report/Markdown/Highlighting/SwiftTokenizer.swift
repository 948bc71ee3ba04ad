/// Swift: keywords, types (capitalised names), attributes, strings, numbers, comments.
enum SwiftTokenizer {
    static let keywords: Set<String> = [
        "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class", "consuming",
        "continue", "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough", "false",
        "fileprivate", "final", "for", "func", "guard", "if", "import", "in", "indirect", "init", "inout",
        "internal", "is", "isolated", "lazy", "let", "mutating", "nil", "nonisolated", "nonmutating", "open",
        "operator", "override", "package", "precedencegroup", "private", "protocol", "public", "repeat",
        "required", "rethrows", "return", "self", "Self", "some", "static", "struct", "subscript", "super",
        "switch", "throw", "throws", "true", "try", "typealias", "var", "weak", "where", "while", "willSet",
        "didSet", "get", "set", "unowned", "convenience", "dynamic", "optional", "borrowing", "sending",
    ]

    static func tokens(_ bytes: [UInt8]) -> [CodeToken] {
        var scanner = CodeScanner(bytes)
        var previousWord = ""
        while !scanner.atEnd {
            let start = scanner.position
            let byte = scanner.current
            if byte == UInt8(ascii: "/"), scanner.peek() == UInt8(ascii: "/") {
                scanner.skipToLineEnd()
                scanner.add(.comment, from: start)
                continue
            }
            if byte == UInt8(ascii: "/"), scanner.peek() == UInt8(ascii: "*") {
                blockComment(&scanner)
                scanner.add(.comment, from: start)
                continue
            }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\"") {
                var hashes = 0
                while scanner.peek(hashes) == UInt8(ascii: "#") { hashes += 1 }
                if scanner.peek(hashes) == UInt8(ascii: "\"") {
                    scanner.position += hashes
                    string(&scanner, hashes: hashes)
                    scanner.add(.string, from: start)
                    continue
                }
                if byte == UInt8(ascii: "#"), let next = scanner.peek(), CodeScanner.isLetter(next) {
                    scanner.position += 1
                    scanner.identifier()
                    scanner.add(.keyword, from: start)
                    continue
                }
            }
            if byte == UInt8(ascii: "@"), let next = scanner.peek(), CodeScanner.isLetter(next) {
                scanner.position += 1
                scanner.identifier()
                scanner.add(.attribute, from: start)
                continue
            }
            if CodeScanner.isDigit(byte) {
                scanner.number()
                scanner.add(.number, from: start)
                continue
            }
            if byte == UInt8(ascii: "`") {
                scanner.position += 1
                scanner.identifier()
                if !scanner.atEnd, scanner.current == UInt8(ascii: "`") { scanner.position += 1 }
                previousWord = ""
                continue
            }
            if CodeScanner.isIdentifier(byte) {
                let word = scanner.identifier()
                if keywords.contains(word) && !(previousWord == "." && word != "self" && word != "init") {
                    scanner.add(.keyword, from: start)
                } else if previousWord == "func" {
                    scanner.add(.function, from: start)
                } else if CodeScanner.isUppercase(byte) {
                    scanner.add(.type, from: start)
                }
                previousWord = word
                continue
            }
            if !CodeScanner.isSpace(byte), byte != 10 { previousWord = byte == UInt8(ascii: ".") ? "." : "" }
            scanner.position += 1
        }
        return scanner.tokens
    }

    /// `/* … */`, nesting as Swift's do.
    private static func blockComment(_ scanner: inout CodeScanner) {
        var depth = 0
        while !scanner.atEnd {
            if scanner.starts(with: "/*") {
                depth += 1
                scanner.position += 2
            } else if scanner.starts(with: "*/") {
                depth -= 1
                scanner.position += 2
                if depth == 0 { return }
            } else {
                scanner.position += 1
            }
        }
    }

    /// A string at the opening quote, after `hashes` `#` signs: `"…"` or `"""…"""`, closed by the
    /// quote(s) followed by as many `#`; escapes need as many `#` after the backslash.
    private static func string(_ scanner: inout CodeScanner, hashes: Int) {
        let multiline = scanner.starts(with: "\"\"\"")
        let closer = Array((multiline ? "\"\"\"" : "\"").utf8) + Array(repeating: UInt8(ascii: "#"), count: hashes)
        scanner.position += multiline ? 3 : 1
        let escape = [UInt8(ascii: "\\")] + Array(repeating: UInt8(ascii: "#"), count: hashes)
        while !scanner.atEnd {
            if scanner.bytes[scanner.position...].starts(with: escape) {
                scanner.position = min(scanner.bytes.count, scanner.position + escape.count + 1)
                continue
            }
            if !multiline, scanner.current == 10 { return }
            if scanner.bytes[scanner.position...].starts(with: closer) {
                scanner.position += closer.count
                return
            }
            scanner.position += 1
        }
    }
}
