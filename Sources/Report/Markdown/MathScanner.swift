/// TeX math in post Markdown, taken out before cmark sees it and put back as KaTeX targets.
///
/// Delimiters: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` display. Code (fenced, indented
/// and backtick spans) is left alone, `\$` stays a literal dollar, and a `$` only opens math when
/// a non-space follows it and only closes it when a non-space precedes it and no digit follows
/// (Pandoc's rule), so "costs $5 or $10" stays text. Math never crosses a blank line.
struct MathScanner {
    /// One formula: its TeX source and whether it is display math.
    struct Formula: Equatable {
        var tex: String
        var display: Bool
        /// A display formula that was a paragraph of its own (rendered as a block, not in a line).
        var block: Bool
    }

    /// The Markdown with every formula replaced by a token, and the formulas in token order.
    struct Result {
        var markdown: String
        /// Tokens are `prefix` + index + `Z`.
        var prefix: String
        var formulas: [Formula]

        func token(_ index: Int) -> String { "\(prefix)\(index)Z" }
    }

    /// Finds the formulas of `markdown`; returns it unchanged (no formulas) when it has none.
    static func substitute(_ markdown: String) -> Result {
        var prefix = "LRLABMATH"
        guard markdown.utf8.contains(UInt8(ascii: "$")) || markdown.containsBytes("\\(") || markdown.containsBytes("\\[") else {
            return Result(markdown: markdown, prefix: prefix, formulas: [])
        }
        while markdown.containsBytes(prefix) { prefix += "X" }
        var scanner = MathScanner(prefix: prefix)
        scanner.scan(Array(markdown.utf8))
        guard !scanner.formulas.isEmpty else { return Result(markdown: markdown, prefix: prefix, formulas: []) }
        return Result(markdown: String(decoding: scanner.output, as: UTF8.self), prefix: prefix, formulas: scanner.formulas)
    }

    private let prefix: String
    private var output: [UInt8] = []
    private var formulas: [Formula] = []

    private init(prefix: String) {
        self.prefix = prefix
    }

    /// Splits the text into code lines (copied) and runs of prose lines (scanned for math).
    private mutating func scan(_ bytes: [UInt8]) {
        output.reserveCapacity(bytes.count)
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 10 {
            lines.append(start..<index)
            start = index + 1
        }
        lines.append(start..<bytes.count)
        let codeLines = Self.codeLines(bytes, lines)
        var index = 0
        while index < lines.count {
            if codeLines[index] {
                output += bytes[lines[index]]
                if index + 1 < lines.count { output.append(10) }
                index += 1
                continue
            }
            var end = index
            while end + 1 < lines.count, !codeLines[end + 1] { end += 1 }
            let upper = end + 1 < lines.count ? lines[end].upperBound + 1 : lines[end].upperBound
            scanProse(bytes, lines[index].lowerBound..<upper)
            index = end + 1
        }
    }

    /// Which lines belong to fenced or indented code blocks (indented ones only after a blank
    /// line and outside lists, where four spaces continue a list item instead).
    private static func codeLines(_ bytes: [UInt8], _ lines: [Range<Int>]) -> [Bool] {
        var result = [Bool](repeating: false, count: lines.count)
        var fence: [UInt8]?
        var previousBlank = true, inIndentedCode = false, inList = false
        for (number, range) in lines.enumerated() {
            let line = bytes[range]
            let indent = line.prefix { $0 == 32 }.count
            let trimmed = line.dropFirst(indent)
            let blank = trimmed.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
            if let open = fence {
                result[number] = true
                if indent < 4, trimmed.starts(with: open) { fence = nil }
                previousBlank = false
                continue
            }
            if indent < 4, let first = trimmed.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") {
                let run = trimmed.prefix { $0 == first }
                if run.count >= 3 {
                    fence = Array(run)
                    result[number] = true
                    previousBlank = false
                    continue
                }
            }
            let tabbed = line.first == 9
            if !blank, indent >= 4 || tabbed, (previousBlank || inIndentedCode), !inList {
                result[number] = true
                inIndentedCode = true
                previousBlank = false
                continue
            }
            if !blank {
                inIndentedCode = false
                if indent < 4 { inList = isListMarker(trimmed) || (inList && !previousBlank) || (inList && indent > 0) }
            } else if inIndentedCode {
                result[number] = true
            }
            previousBlank = blank
        }
        return result
    }

    /// `- `, `* `, `+ `, `1. ` or `1) ` at the start of `line`.
    private static func isListMarker(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            let next = line.dropFirst().first
            return next == nil || next == 32 || next == 9
        }
        let digits = line.prefix { $0 >= 48 && $0 <= 57 }
        guard !digits.isEmpty, digits.count <= 9 else { return false }
        let rest = line.dropFirst(digits.count)
        guard let marker = rest.first, marker == UInt8(ascii: ".") || marker == UInt8(ascii: ")") else { return false }
        let next = rest.dropFirst().first
        return next == nil || next == 32 || next == 9
    }

    /// Copies prose, replacing formulas by tokens and skipping code spans and escapes.
    private mutating func scanProse(_ bytes: [UInt8], _ range: Range<Int>) {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < end {
                let next = bytes[index + 1]
                if next == UInt8(ascii: "(") || next == UInt8(ascii: "[") {
                    let closer: [UInt8] = next == UInt8(ascii: "(") ? [92, 41] : [92, 93]
                    if let close = Self.find(closer, in: bytes, from: index + 2, end: end), close > index + 2 {
                        emit(bytes, content: (index + 2)..<close, display: next == UInt8(ascii: "["),
                             whole: index..<(close + 2), range: range)
                        index = close + 2
                        continue
                    }
                }
                // Any other backslash escape (`\$`, `\\`, `\*`) is copied whole for cmark.
                output.append(byte)
                output.append(next)
                index += 2
                continue
            }
            if byte == UInt8(ascii: "`") {
                let run = Self.runLength(of: byte, in: bytes, at: index, end: end)
                if let close = Self.closingBackticks(run, in: bytes, from: index + run, end: end) {
                    output += bytes[index..<(close + run)]
                    index = close + run
                } else {
                    output += bytes[index..<(index + run)]
                    index += run
                }
                continue
            }
            if byte == UInt8(ascii: "$") {
                if index + 1 < end, bytes[index + 1] == UInt8(ascii: "$") {
                    if let close = Self.find([36, 36], in: bytes, from: index + 2, end: end), close > index + 2,
                       !Self.isBlankContent(bytes, (index + 2)..<close) {
                        emit(bytes, content: (index + 2)..<close, display: true, whole: index..<(close + 2), range: range)
                        index = close + 2
                        continue
                    }
                    output += [36, 36]
                    index += 2
                    continue
                }
                if let close = inlineDollarClose(bytes, open: index, end: end) {
                    emit(bytes, content: (index + 1)..<close, display: false, whole: index..<(close + 1), range: range)
                    index = close + 1
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
    }

    /// The closing `$` of an inline formula opened at `open`, by Pandoc's rule, within the paragraph.
    private func inlineDollarClose(_ bytes: [UInt8], open: Int, end: Int) -> Int? {
        guard open + 1 < end, !Self.isSpace(bytes[open + 1]) else { return nil }
        var index = open + 1
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte == 10, Self.blankLineFollows(bytes, index, end) { return nil }
            if byte == UInt8(ascii: "$") {
                let before = bytes[index - 1]
                let after = index + 1 < end ? bytes[index + 1] : 32
                if !Self.isSpace(before), !(after >= 48 && after <= 57) { return index }
            }
            index += 1
        }
        return nil
    }

    /// Appends the token for `content` in place of `whole`; a display formula alone on its
    /// lines becomes a paragraph of its own.
    private mutating func emit(_ bytes: [UInt8], content: Range<Int>, display: Bool, whole: Range<Int>, range: Range<Int>) {
        let tex = String(decoding: bytes[content], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let startsLine = whole.lowerBound == range.lowerBound || Self.onlySpacesBack(bytes, whole.lowerBound, floor: range.lowerBound)
        let endsLine = Self.onlySpacesForward(bytes, whole.upperBound, end: range.upperBound)
        let block = display && startsLine && endsLine
        let token = Array("\(prefix)\(formulas.count)Z".utf8)
        formulas.append(Formula(tex: tex, display: display, block: block))
        if block {
            // The same indentation keeps the paragraph inside a list item.
            var lineStart = whole.lowerBound
            while lineStart > range.lowerBound, bytes[lineStart - 1] != 10 { lineStart -= 1 }
            output += [10] + bytes[lineStart..<whole.lowerBound] + token + [10]
        } else {
            output += token
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }

    private static func isBlankContent(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes[range].allSatisfy(isSpace)
    }

    /// True when only spaces lie between the line start and `index`.
    private static func onlySpacesBack(_ bytes: [UInt8], _ index: Int, floor: Int) -> Bool {
        var position = index - 1
        while position >= floor, bytes[position] == 32 || bytes[position] == 9 { position -= 1 }
        return position < floor || bytes[position] == 10
    }

    /// True when only spaces lie between `index` and the line end.
    private static func onlySpacesForward(_ bytes: [UInt8], _ index: Int, end: Int) -> Bool {
        var position = index
        while position < end, bytes[position] == 32 || bytes[position] == 9 || bytes[position] == 13 { position += 1 }
        return position >= end || bytes[position] == 10
    }

    /// True when the line after the newline at `index` is blank (a paragraph ends there).
    private static func blankLineFollows(_ bytes: [UInt8], _ index: Int, _ end: Int) -> Bool {
        var position = index + 1
        while position < end, bytes[position] == 32 || bytes[position] == 9 || bytes[position] == 13 { position += 1 }
        return position >= end || bytes[position] == 10
    }

    private static func runLength(of byte: UInt8, in bytes: [UInt8], at index: Int, end: Int) -> Int {
        var count = 0
        while index + count < end, bytes[index + count] == byte { count += 1 }
        return count
    }

    /// Start of the next run of exactly `length` backticks before a blank line.
    private static func closingBackticks(_ length: Int, in bytes: [UInt8], from start: Int, end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == 10, blankLineFollows(bytes, index, end) { return nil }
            if bytes[index] == UInt8(ascii: "`") {
                let run = runLength(of: bytes[index], in: bytes, at: index, end: end)
                if run == length { return index }
                index += run
                continue
            }
            index += 1
        }
        return nil
    }

    /// Start of `needle` (skipping backslash escapes) before a blank line.
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, end: Int) -> Int? {
        var index = start
        while index + needle.count <= end {
            if bytes[index] == 10, blankLineFollows(bytes, index, end) { return nil }
            if bytes[index...].starts(with: needle) { return index }
            if bytes[index] == UInt8(ascii: "\\") && needle[0] != UInt8(ascii: "\\") { index += 2; continue }
            index += 1
        }
        return nil
    }
}

extension MathScanner.Result {
    /// `html` with each token replaced by the formula's KaTeX target element (or, inside a tag's
    /// attribute, by its escaped TeX source).
    func restore(in html: String) -> String {
        guard !formulas.isEmpty else { return html }
        var result = ""
        result.reserveCapacity(html.utf8.count + formulas.count * 40)
        var rest = html[...]
        while let found = rest.firstByteRange(of: prefix) {
            var cursor = found.upperBound
            var number = 0, digits = 0
            while cursor < rest.endIndex, let digit = rest[cursor].wholeNumberValue, rest[cursor].isASCII {
                number = number * 10 + digit
                digits += 1
                cursor = rest.index(after: cursor)
            }
            guard digits > 0, cursor < rest.endIndex, rest[cursor] == "Z", number < formulas.count else {
                result += rest[..<found.upperBound]
                rest = rest[found.upperBound...]
                continue
            }
            let afterToken = rest.index(after: cursor)
            let formula = formulas[number]
            var before = rest[..<found.lowerBound]
            var after = rest[afterToken...]
            let escaped = HTMLEscaping.escape(formula.tex)
            if formula.block, before.hasSuffix("<p>"), after.hasPrefix("</p>") {
                before = before.dropLast(3)
                after = after.dropFirst(4)
                result += before
                result += "<div class=\"math math-display\">\(escaped)</div>"
            } else if Self.insideTag(result: result, before: before) {
                result += before
                result += HTMLEscaping.escape(formula.display ? "$$\(formula.tex)$$" : "$\(formula.tex)$")
            } else {
                result += before
                result += "<span class=\"math \(formula.display ? "math-display" : "math-inline")\">\(escaped)</span>"
            }
            rest = after
        }
        result += rest
        return result
    }

    /// The TeX source in place of each token, for plain text (headings, search words).
    func plainText(_ text: String) -> String {
        guard !formulas.isEmpty, text.containsBytes(prefix) else { return text }
        var result = text
        for index in formulas.indices.reversed() {
            result = result.replacingOccurrences(of: token(index), with: formulas[index].tex)
        }
        return result
    }

    /// True when the text just before a token is inside a tag (an attribute value).
    private static func insideTag(result: String, before: Substring) -> Bool {
        for scalar in before.unicodeScalars.reversed() {
            if scalar == ">" { return false }
            if scalar == "<" { return true }
        }
        for scalar in result.unicodeScalars.reversed() {
            if scalar == ">" { return false }
            if scalar == "<" { return true }
        }
        return false
    }
}
