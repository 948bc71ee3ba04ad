/// Shell (sh, bash, console sessions): commands, keywords, options, strings, variables, comments.
enum ShellTokenizer {
    static let keywords: Set<String> = [
        "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in",
        "function", "return", "select", "time", "export", "local", "readonly", "declare", "set", "unset",
        "break", "continue", "exit", "source", "alias", "cd", "echo", "eval", "exec", "shift", "trap",
    ]
    /// Keywords followed by `NAME=value` assignments.
    static let declarers: Set<String> = ["export", "local", "readonly", "declare"]
    /// Keywords after which a new command starts.
    static let commandStarters: Set<String> = ["then", "else", "do", "time", "if", "elif", "while", "until", "!", "exec"]

    static func tokens(_ bytes: [UInt8]) -> [CodeToken] {
        var scanner = CodeScanner(bytes)
        var commandPosition = true
        var wordStart = true
        var afterDeclarer = false
        while !scanner.atEnd {
            let start = scanner.position
            let byte = scanner.current
            if byte == 10 {
                scanner.position += 1
                commandPosition = true
                wordStart = true
                continue
            }
            if CodeScanner.isSpace(byte) {
                scanner.position += 1
                wordStart = true
                continue
            }
            if byte == UInt8(ascii: "\\") {
                // A backslash-newline continues the command on the next line.
                scanner.position = min(bytes.count, scanner.position + 2)
                wordStart = false
                continue
            }
            if byte == UInt8(ascii: "#"), wordStart {
                scanner.skipToLineEnd()
                scanner.add(.comment, from: start)
                continue
            }
            if byte == UInt8(ascii: "'") {
                scanner.quoted(byte, raw: true)
                scanner.add(.string, from: start)
                commandPosition = false
                wordStart = false
                continue
            }
            if byte == UInt8(ascii: "\"") {
                scanner.quoted(byte)
                scanner.add(.string, from: start)
                commandPosition = false
                wordStart = false
                continue
            }
            if byte == UInt8(ascii: "$") {
                if scanner.peek() == UInt8(ascii: "(") {
                    scanner.position += 2
                    commandPosition = true
                    wordStart = true
                    continue
                }
                if scanner.peek() == UInt8(ascii: "{") {
                    while !scanner.atEnd, scanner.current != UInt8(ascii: "}"), scanner.current != 10 { scanner.position += 1 }
                    if !scanner.atEnd, scanner.current == UInt8(ascii: "}") { scanner.position += 1 }
                    scanner.add(.variable, from: start)
                    wordStart = false
                    continue
                }
                if let next = scanner.peek(), CodeScanner.isIdentifier(next) || "@#?*!$-".utf8.contains(next) {
                    scanner.position += 1
                    if CodeScanner.isIdentifier(next) { scanner.identifier() } else { scanner.position += 1 }
                    scanner.add(.variable, from: start)
                    wordStart = false
                    continue
                }
                // A prompt (`$ ` at the start of a console line) or a lone dollar.
                scanner.position += 1
                wordStart = false
                continue
            }
            if "|;&(){}".utf8.contains(byte) {
                scanner.position += 1
                commandPosition = byte != UInt8(ascii: ")") && byte != UInt8(ascii: "}")
                wordStart = true
                continue
            }
            if !wordStart {
                scanner.position += 1
                continue
            }
            // A word: runs to whitespace or an operator.
            while !scanner.atEnd, !CodeScanner.isSpace(scanner.current), scanner.current != 10,
                  !"|;&()'\"$\\".utf8.contains(scanner.current) {
                scanner.position += 1
            }
            let word = String(decoding: bytes[start..<scanner.position], as: UTF8.self)
            defer { afterDeclarer = declarers.contains(word) }
            if let equals = word.firstIndex(of: "="), commandPosition || afterDeclarer,
               word[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), equals != word.startIndex {
                let nameEnd = start + word.utf8.distance(from: word.startIndex, to: equals)
                let end = scanner.position
                scanner.position = nameEnd
                scanner.add(.variable, from: start)
                scanner.position = end
                wordStart = false
                continue
            }
            if keywords.contains(word) {
                scanner.add(.keyword, from: start)
                commandPosition = commandStarters.contains(word)
            } else if commandPosition {
                scanner.add(.function, from: start)
                commandPosition = false
            } else if word.hasPrefix("-") {
                let flagEnd = word.firstIndex(of: "=").map { start + word.utf8.distance(from: word.startIndex, to: $0) }
                let end = scanner.position
                if let flagEnd { scanner.position = flagEnd }
                scanner.add(.attribute, from: start)
                scanner.position = end
            } else if word.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), word.first?.isNumber == true {
                scanner.add(.number, from: start)
            }
            wordStart = false
        }
        return scanner.tokens
    }
}
