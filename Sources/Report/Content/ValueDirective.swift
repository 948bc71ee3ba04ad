import Foundation

/// Inline `{{< value ID KEY [FORMAT] >}}` directives: a number (or text) from a cited run's
/// run.json or a sweep's group.json, written into the post's text when the site is built, so
/// that regenerating the runs updates what the post states.
///
/// A directive may stand anywhere in a paragraph, heading, list or table cell; inside code
/// (fenced or indented blocks, backtick spans) it is left as written. `ValueLookup` resolves the
/// id and key and formats the value.
struct ValueDirective: Equatable {
    var id: String
    var key: String
    /// The explicit format (third argument), if any.
    var format: String?
    /// 1-based line in the post file.
    var line: Int

    static let usage = "write it as `{{< value RUN-OR-GROUP-ID KEY >}}` or `{{< value ID KEY FORMAT >}}`, "
        + "such as `{{< value lrfind-cnn-bs64-s0-3fa2c1 suggestions.valley.lr >}}`"

    /// `markdown` with every value directive outside code replaced by `resolve`'s text, escaped
    /// for Markdown so it reads literally (cmark then escapes it for HTML); also the directives
    /// found, in order. The first line of `markdown` is line `firstLine` of `file`.
    ///
    /// Replacements stay on their line, so line numbers of the rest of the post do not move.
    static func substitute(_ markdown: String, firstLine: Int, file: String,
                           resolve: (ValueDirective) throws -> String) throws -> (markdown: String, directives: [ValueDirective]) {
        guard markdown.containsBytes("{{<") else { return (markdown, []) }
        let bytes = Array(markdown.utf8)
        let starts = directiveStarts(bytes)
        guard !starts.isEmpty else { return (markdown, []) }
        let code = CodeRegions(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var copied = 0
        var found: [ValueDirective] = []
        for start in starts where start >= copied && !code.contains(start) {
            let line = firstLine + code.lineIndex(of: start)
            guard let close = closing(bytes, from: start) else {
                throw ReportError.directive(file: file, line: line, problem: "unfinished `{{< value` directive (no `>}}` on its line); \(usage)")
            }
            let inner = String(decoding: bytes[(start + 3)..<close], as: UTF8.self)
            let words = inner.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard (3...4).contains(words.count), words[0] == "value" else {
                throw ReportError.directive(file: file, line: line,
                                            problem: "`{{<\(inner)>}}` needs an id and a key (and at most a format); \(usage)")
            }
            let directive = ValueDirective(id: words[1], key: words[2], format: words.count == 4 ? words[3] : nil, line: line)
            let text = try resolve(directive)
            output += bytes[copied..<start]
            output += markdownLiteral(text).utf8
            copied = close + 3
            found.append(directive)
        }
        output += bytes[copied...]
        return (String(decoding: output, as: UTF8.self), found)
    }

    /// Offsets of `{{<` followed by optional blanks and the word `value` and a blank.
    static func directiveStarts(_ bytes: [UInt8]) -> [Int] {
        var starts: [Int] = []
        let word = Array("value".utf8)
        var index = 0
        while index + 3 < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{"), bytes[index + 2] == UInt8(ascii: "<") else { continue }
            var cursor = index + 3
            while cursor < bytes.count, bytes[cursor] == 32 || bytes[cursor] == 9 { cursor += 1 }
            guard cursor + word.count < bytes.count, Array(bytes[cursor..<(cursor + word.count)]) == word,
                  bytes[cursor + word.count] == 32 || bytes[cursor + word.count] == 9 else { continue }
            starts.append(index)
        }
        return starts
    }

    /// The offset of the `>}}` that ends the directive at `start`, on the same line.
    private static func closing(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 3
        while index + 2 < bytes.count, bytes[index] != 10 {
            if bytes[index] == UInt8(ascii: ">"), bytes[index + 1] == UInt8(ascii: "}"), bytes[index + 2] == UInt8(ascii: "}") { return index }
            index += 1
        }
        return nil
    }

    /// `text` on one line with the characters Markdown (or the math and table scanners) would
    /// read as syntax backslash-escaped; digits, letters, `.`, `-`, `%` and spaces stay as they are.
    static func markdownLiteral(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isNewline { result.append(" "); continue }
            if "\\`*_[]<>&!|~${}#".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

/// Where code lies in a post's Markdown: fenced and indented code blocks (whole lines) and
/// backtick code spans (which may run over several lines of one paragraph), by byte offset.
struct CodeRegions {
    /// Start offset of each line.
    private var lineStarts: [Int] = []
    /// Byte ranges that are code, sorted and disjoint.
    private var ranges: [Range<Int>] = []

    init(_ bytes: [UInt8]) {
        var start = 0
        while start <= bytes.count {
            lineStarts.append(start)
            guard let newline = bytes[start...].firstIndex(of: 10) else { break }
            start = newline + 1
        }
        var fence: (byte: UInt8, count: Int)?
        var previousBlank = true, previousIndentedCode = false, inList = false
        var paragraph: Range<Int>?
        func endParagraph() {
            if let range = paragraph { ranges += Self.codeSpans(bytes, in: range) }
            paragraph = nil
        }
        for (number, lineStart) in lineStarts.enumerated() {
            let lineEnd = number + 1 < lineStarts.count ? lineStarts[number + 1] : bytes.count
            var cursor = lineStart, indent = 0
            while cursor < lineEnd, bytes[cursor] == 32 || bytes[cursor] == 9 {
                indent += bytes[cursor] == 9 ? 4 - indent % 4 : 1
                cursor += 1
            }
            let blank = cursor == lineEnd || bytes[cursor] == 10 || bytes[cursor] == 13
            if let open = fence {
                ranges.append(lineStart..<lineEnd)
                if Self.run(of: open.byte, in: bytes, at: cursor, end: lineEnd) >= open.count { fence = nil }
                continue
            }
            if indent < 4, cursor < lineEnd, bytes[cursor] == UInt8(ascii: "`") || bytes[cursor] == UInt8(ascii: "~") {
                let count = Self.run(of: bytes[cursor], in: bytes, at: cursor, end: lineEnd)
                if count >= 3 {
                    endParagraph()
                    fence = (bytes[cursor], count)
                    ranges.append(lineStart..<lineEnd)
                    previousBlank = false
                    continue
                }
            }
            if blank {
                endParagraph()
                previousBlank = true
                continue
            }
            if indent >= 4, !inList, previousBlank || previousIndentedCode {
                ranges.append(lineStart..<lineEnd)
                previousIndentedCode = true
                previousBlank = false
                continue
            }
            previousIndentedCode = false
            if indent < 4 {
                if Self.startsListItem(bytes, at: cursor, end: lineEnd) { inList = true }
                else if previousBlank { inList = false }
            }
            previousBlank = false
            paragraph = (paragraph?.lowerBound ?? lineStart)..<lineEnd
        }
        endParagraph()
        ranges.sort { $0.lowerBound < $1.lowerBound }
    }

    func contains(_ offset: Int) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].contains(offset)
    }

    /// The 0-based line of `offset`.
    func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count
        while low < high {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    private static func run(of byte: UInt8, in bytes: [UInt8], at start: Int, end: Int) -> Int {
        var index = start
        while index < end, bytes[index] == byte { index += 1 }
        return index - start
    }

    /// `- `, `* `, `+ ` or `1. ` / `1) `.
    private static func startsListItem(_ bytes: [UInt8], at start: Int, end: Int) -> Bool {
        guard start < end else { return false }
        let first = bytes[start]
        let spaceAfter = { (index: Int) in index < end && (bytes[index] == 32 || bytes[index] == 9 || bytes[index] == 10) }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") { return spaceAfter(start + 1) }
        var index = start
        while index < end, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        guard index > start, index < end, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ")") else { return false }
        return spaceAfter(index + 1)
    }

    /// CommonMark code spans in one paragraph: a run of backticks up to the next run of the same
    /// length; an unmatched run is literal text. A backslash escapes a backtick outside spans.
    private static func codeSpans(_ bytes: [UInt8], in paragraph: Range<Int>) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var index = paragraph.lowerBound
        let tick = UInt8(ascii: "`")
        while index < paragraph.upperBound {
            if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
            guard bytes[index] == tick else { index += 1; continue }
            let length = run(of: tick, in: bytes, at: index, end: paragraph.upperBound)
            var search = index + length
            var closed = false
            while search < paragraph.upperBound {
                guard bytes[search] == tick else { search += 1; continue }
                let other = run(of: tick, in: bytes, at: search, end: paragraph.upperBound)
                if other == length {
                    spans.append(index..<(search + other))
                    index = search + other
                    closed = true
                    break
                }
                search += other
            }
            if !closed { index += length }
        }
        return spans
    }
}
