/// A JSON value as Python's `json` module writes it: standard JSON plus the bare tokens `NaN`,
/// `Infinity` and `-Infinity` for non-finite numbers (which torch-lr-finder histories hold).
enum HistoryJSON: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([HistoryJSON])
    case object([(key: String, value: HistoryJSON)])

    static func == (a: HistoryJSON, b: HistoryJSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        default: return false
        }
    }

    /// Text that is not JSON, with the 1-based line where the problem is.
    struct Failure: Error {
        let line: Int
        let message: String
    }

    /// Parses `bytes` (UTF-8) as one JSON value with nothing but white space after it.
    static func parse(_ bytes: [UInt8]) throws -> HistoryJSON {
        var parser = Parser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == bytes.count else { throw parser.failure("text after the JSON value") }
        return value
    }

    /// The member named `key` of an object.
    subscript(key: String) -> HistoryJSON? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var line = 1

        /// Nesting beyond this is refused rather than recursed into.
        static let maximumDepth = 512

        init(bytes: [UInt8]) { self.bytes = bytes }

        func failure(_ message: String) -> Failure { Failure(line: line, message: message) }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\n"): line += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
                default: return
                }
                position += 1
            }
        }

        mutating func value(depth: Int) throws -> HistoryJSON {
            guard depth < Self.maximumDepth else { throw failure("nested more than \(Self.maximumDepth) levels deep") }
            skipSpace()
            guard position < bytes.count else { throw failure("the text ends where a value should be") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            case UInt8(ascii: "N"): try word("NaN"); return .number(.nan)
            case UInt8(ascii: "I"): try word("Infinity"); return .number(.infinity)
            default: return .number(try number())
            }
        }

        private mutating func word(_ text: String) throws {
            let expected = Array(text.utf8)
            guard bytes[position...].starts(with: expected) else { throw failure("unexpected text; expected a JSON value") }
            position += expected.count
        }

        private mutating func object(depth: Int) throws -> HistoryJSON {
            position += 1
            var members: [(key: String, value: HistoryJSON)] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw failure("expected a quoted member name")
                }
                let key = try string()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    throw failure("expected ':' after the member name \"\(key)\"")
                }
                position += 1
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard position < bytes.count else { throw failure("the object is never closed; add '}'") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                guard bytes[position] == UInt8(ascii: "}") else { throw failure("expected ',' or '}' in an object") }
                position += 1
                return .object(members)
            }
        }

        private mutating func array(depth: Int) throws -> HistoryJSON {
            position += 1
            var elements: [HistoryJSON] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                skipSpace()
                guard position < bytes.count else { throw failure("the array is never closed; add ']'") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                guard bytes[position] == UInt8(ascii: "]") else { throw failure("expected ',' or ']' in an array") }
                position += 1
                return .array(elements)
            }
        }

        private mutating func string() throws -> String {
            position += 1
            var scalars = String.UnicodeScalarView()
            var start = position
            func flushRaw() { scalars.append(contentsOf: String(decoding: bytes[start..<position], as: UTF8.self).unicodeScalars) }
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    flushRaw()
                    position += 1
                    return String(scalars)
                }
                if byte == UInt8(ascii: "\n") { throw failure("a string is never closed; add the closing \"") }
                if byte == UInt8(ascii: "\\") {
                    flushRaw()
                    position += 1
                    guard position < bytes.count else { break }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{C}")
                    case UInt8(ascii: "u"):
                        guard position + 4 <= bytes.count,
                              let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
                        else { throw failure("a \\u escape needs four hexadecimal digits") }
                        position += 4
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: scalars.append(Unicode.Scalar(escape))
                    }
                    start = position
                    continue
                }
                position += 1
            }
            throw failure("a string is never closed; add the closing \"")
        }

        private mutating func number() throws -> Double {
            let start = position
            if bytes[position] == UInt8(ascii: "-") {
                position += 1
                if bytes[position...].starts(with: Array("Infinity".utf8)) {
                    position += 8
                    return -.infinity
                }
            }
            while position < bytes.count, "0123456789+-.eE".utf8.contains(bytes[position]) { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard !text.isEmpty, let value = Double(text) else {
                throw failure(text.isEmpty ? "unexpected text; expected a JSON value" : "'\(text)' is not a number")
            }
            return value
        }
    }
}
