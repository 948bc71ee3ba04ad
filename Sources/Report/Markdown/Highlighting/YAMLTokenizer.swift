/// YAML: keys, strings, numbers and booleans, anchors, tags, block scalars, comments and
/// document markers, line by line.
enum YAMLTokenizer {
    static let constants: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "True", "False", "Null", "NULL", "TRUE", "FALSE"]

    static func tokens(_ bytes: [UInt8]) -> [CodeToken] {
        var scanner = CodeScanner(bytes)
        var blockIndent: Int?
        while !scanner.atEnd {
            var indent = 0
            while !scanner.atEnd, scanner.current == 32 { scanner.position += 1; indent += 1 }
            let blank = scanner.atEnd || scanner.current == 10 || scanner.current == 13
            // The lines of a `|` or `>` block scalar are text until the indentation drops back.
            if let parent = blockIndent {
                if blank || indent > parent {
                    let start = scanner.position
                    scanner.skipToLineEnd()
                    scanner.add(.string, from: start)
                    nextLine(&scanner)
                    continue
                }
                blockIndent = nil
            }
            if indent == 0, scanner.starts(with: "---") || scanner.starts(with: "...") {
                let start = scanner.position
                scanner.position += 3
                scanner.add(.keyword, from: start)
            }
            while !scanner.atEnd, scanner.current == UInt8(ascii: "-"), scanner.peek() == 32 || scanner.peek() == 10 || scanner.peek() == nil {
                scanner.position += 1
                while !scanner.atEnd, scanner.current == 32 { scanner.position += 1 }
            }
            if key(&scanner) {
                scanner.position += 1
            }
            if value(&scanner) { blockIndent = indent }
            nextLine(&scanner)
        }
        return scanner.tokens
    }

    private static func nextLine(_ scanner: inout CodeScanner) {
        scanner.skipToLineEnd()
        if !scanner.atEnd { scanner.position += 1 }
    }

    /// A `key:` at the cursor (plain or quoted, followed by `:` and a space or the line end):
    /// marks it and leaves the cursor on the colon.
    private static func key(_ scanner: inout CodeScanner) -> Bool {
        let start = scanner.position
        if !scanner.atEnd, scanner.current == UInt8(ascii: "\"") || scanner.current == UInt8(ascii: "'") {
            scanner.quoted(scanner.current, raw: scanner.current == UInt8(ascii: "'"), singleLine: true)
        } else {
            while !scanner.atEnd, scanner.current != 10, scanner.current != UInt8(ascii: ":"), scanner.current != UInt8(ascii: "#") {
                scanner.position += 1
            }
        }
        let isKey = !scanner.atEnd && scanner.current == UInt8(ascii: ":") && scanner.position > start
            && (scanner.peek() == nil || scanner.peek() == 32 || scanner.peek() == 10 || scanner.peek() == 13)
            && ![UInt8(ascii: "["), UInt8(ascii: "{")].contains(scanner.bytes[start])
        if isKey {
            scanner.add(.key, from: start)
        } else {
            scanner.position = start
        }
        return isKey
    }

    /// The rest of the line after a key or sequence dash; true when it opens a block scalar.
    private static func value(_ scanner: inout CodeScanner) -> Bool {
        var opensBlock = false
        var wordStart = true
        while !scanner.atEnd, scanner.current != 10 {
            let start = scanner.position
            let byte = scanner.current
            if CodeScanner.isSpace(byte) {
                scanner.position += 1
                wordStart = true
                continue
            }
            if byte == UInt8(ascii: "#"), wordStart {
                scanner.skipToLineEnd()
                scanner.add(.comment, from: start)
                return opensBlock
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                scanner.quoted(byte, raw: byte == UInt8(ascii: "'"), singleLine: true)
                scanner.add(.string, from: start)
                wordStart = false
                continue
            }
            if "[]{},".utf8.contains(byte) {
                scanner.position += 1
                wordStart = true
                continue
            }
            if !wordStart {
                scanner.position += 1
                continue
            }
            wordStart = false
            while !scanner.atEnd, !CodeScanner.isSpace(scanner.current), scanner.current != 10,
                  !"[]{},".utf8.contains(scanner.current) {
                scanner.position += 1
            }
            let word = String(decoding: scanner.bytes[start..<scanner.position], as: UTF8.self)
            if word.hasPrefix("&") || word.hasPrefix("*") {
                scanner.add(.variable, from: start)
            } else if word.hasPrefix("!") {
                scanner.add(.type, from: start)
            } else if word == "|" || word == ">" || word.hasPrefix("|") && word.count <= 3 || word.hasPrefix(">") && word.count <= 3 {
                scanner.add(.keyword, from: start)
                opensBlock = true
            } else if constants.contains(word) {
                scanner.add(.keyword, from: start)
            } else if isNumber(word) {
                scanner.add(.number, from: start)
            }
        }
        return opensBlock
    }

    /// Integers, decimals and exponents, with an optional sign.
    static func isNumber(_ word: String) -> Bool {
        var text = Substring(word)
        if text.first == "-" || text.first == "+" { text = text.dropFirst() }
        guard let first = text.first, first.isASCII, first.isNumber || first == "." else { return false }
        return Double(text) != nil || (text.hasPrefix("0x") && Int(text.dropFirst(2), radix: 16) != nil)
    }
}
