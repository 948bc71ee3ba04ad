/// A cursor over UTF-8 code bytes with the helpers every tokenizer uses.
///
/// Token boundaries fall on ASCII bytes only, and bytes from 0x80 up count as identifier
/// characters, so a multi-byte character is never split.
struct CodeScanner {
    let bytes: [UInt8]
    var position = 0
    private(set) var tokens: [CodeToken] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8 { bytes[position] }

    func peek(_ offset: Int = 1) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    func starts(with text: String) -> Bool {
        bytes[position...].starts(with: text.utf8)
    }

    mutating func add(_ kind: CodeTokenKind, from start: Int) {
        if position > start { tokens.append(CodeToken(range: start..<position, kind: kind)) }
    }

    /// Moves to the end of the line (before its newline).
    mutating func skipToLineEnd() {
        while !atEnd, current != 10 { position += 1 }
    }

    /// Moves past an identifier (letters, digits, `_`, non-ASCII); returns its text.
    @discardableResult
    mutating func identifier() -> String {
        let start = position
        while !atEnd, Self.isIdentifier(current) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Moves past a quoted string opened at `position` by `quote` (repeated `count` times for
    /// triple quotes); backslash escapes apply unless `raw`; a single-quoted string ends at a
    /// newline when `singleLine`.
    mutating func quoted(_ quote: UInt8, count: Int = 1, raw: Bool = false, singleLine: Bool = false) {
        position += count
        while !atEnd {
            if current == UInt8(ascii: "\\"), !raw { position = min(bytes.count, position + 2); continue }
            if singleLine, current == 10 { return }
            if current == quote, (0..<count).allSatisfy({ peekIs(quote, $0) }) { position += count; return }
            position += 1
        }
    }

    private func peekIs(_ byte: UInt8, _ offset: Int) -> Bool {
        position + offset < bytes.count && bytes[position + offset] == byte
    }

    /// Moves past a number literal: decimal with `_`, fraction and exponent, or `0x…`/`0o…`/`0b…`;
    /// a trailing letter suffix (`j`, `f`) is included.
    mutating func number() {
        if current == UInt8(ascii: "0"), let next = peek(), [UInt8(ascii: "x"), UInt8(ascii: "o"), UInt8(ascii: "b"),
                                                               UInt8(ascii: "X"), UInt8(ascii: "O"), UInt8(ascii: "B")].contains(next) {
            position += 2
            while !atEnd, Self.isIdentifier(current) { position += 1 }
            return
        }
        while !atEnd, Self.isDigit(current) || current == UInt8(ascii: "_") { position += 1 }
        if !atEnd, current == UInt8(ascii: "."), let next = peek(), Self.isDigit(next) {
            position += 1
            while !atEnd, Self.isDigit(current) || current == UInt8(ascii: "_") { position += 1 }
        }
        if !atEnd, current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            let sign = peek().map { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") } ?? false
            if let digit = peek(sign ? 2 : 1), Self.isDigit(digit) {
                position += sign ? 2 : 1
                while !atEnd, Self.isDigit(current) { position += 1 }
            }
        }
        while !atEnd, Self.isLetter(current) { position += 1 }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }
    static func isIdentifier(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte >= 0x80 }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 13 }
    static func isUppercase(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
}
