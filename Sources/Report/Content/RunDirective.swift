import Foundation

/// The `{{< run ID >}}` / `{{< group ID >}}` lines that embed a run or sweep in a post.
///
/// A directive is a whole line (up to 3 spaces of indentation) outside fenced code blocks.
struct RunDirective: Equatable {
    enum Kind: String { case run, group }

    var kind: Kind
    var id: String
    /// 1-based line in the post file.
    var line: Int

    /// Finds the directives in `markdown`, whose first line is line `firstLine` of `file`.
    static func scan(_ markdown: String, firstLine: Int, file: String) throws -> [RunDirective] {
        var found: [RunDirective] = []
        try forEachLine(markdown) { offset, line, isCode in
            if !isCode, let directive = try parse(line, line: firstLine + offset, file: file) { found.append(directive) }
        }
        return found
    }

    /// Replaces each directive line with a paragraph holding a placeholder token; returns tokens in order.
    ///
    /// Copies the text between directives in whole pieces rather than line by line.
    static func substitutePlaceholders(_ markdown: String) -> (markdown: String, tokens: [(token: String, directive: RunDirective)]) {
        guard markdown.containsBytes("{{<") else { return (markdown, []) }
        var prefix = "LRLABEMBED"
        while markdown.containsBytes(prefix) { prefix += "X" }
        var output = ""
        output.reserveCapacity(markdown.utf8.count)
        var copied = markdown.startIndex
        var tokens: [(String, RunDirective)] = []
        try? forEachLine(markdown) { offset, line, isCode in
            guard !isCode, let directive = try? parse(line, line: offset, file: "") else { return }
            let token = "\(prefix)\(tokens.count)"
            tokens.append((token, directive))
            output += markdown[copied..<line.startIndex]
            output += "\n\(token)\n"
            copied = line.endIndex
        }
        output += markdown[copied...]
        return (output, tokens)
    }

    /// Calls `body` with each line, its offset from 0 and whether it belongs to a fenced code block.
    ///
    /// Works on UTF-8 bytes: every post is scanned a few times per build.
    static func forEachLine(_ markdown: String, _ body: (Int, Substring, Bool) throws -> Void) throws {
        var fence: Substring.UTF8View?
        let space = UInt8(ascii: " ")
        for (offset, bytes) in markdown.utf8.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
            let line = Substring(bytes)
            let trimmed = bytes.drop { $0 == space }
            if let open = fence {
                if trimmed.starts(with: open) { fence = nil }
                try body(offset, line, true)
                continue
            }
            if bytes.count - trimmed.count < 4, trimmed.starts(with: "```".utf8) || trimmed.starts(with: "~~~".utf8) {
                fence = Substring(trimmed.prefix { $0 == trimmed.first }).utf8
                try body(offset, line, true)
                continue
            }
            try body(offset, line, false)
        }
    }

    private static func parse(_ line: Substring, line number: Int, file: String) throws -> RunDirective? {
        let indentation = line.utf8.prefix { $0 == UInt8(ascii: " ") }.count
        // Cheap test first: most lines do not start with `{{<` after their indentation.
        guard line.utf8.drop(while: { $0 == 32 || $0 == 9 }).starts(with: "{{<".utf8) else { return nil }
        let isSpace = { (character: Character) in character.isWhitespace && !character.isNewline }
        var text = line.drop(while: isSpace)
        while let last = text.last, isSpace(last) { text = text.dropLast() }
        guard indentation < 4, text.hasPrefix("{{<") else { return nil }
        let usage = "write the line as `{{< run RUN-ID >}}` or `{{< group GROUP-ID >}}`"
        guard text.hasSuffix(">}}") else {
            throw ReportError.directive(file: file, line: number, problem: "unfinished directive; \(usage)")
        }
        let inner = text.dropFirst(3).dropLast(3).split(separator: " ", omittingEmptySubsequences: true)
        guard inner.count == 2, let kind = Kind(rawValue: String(inner[0])) else {
            throw ReportError.directive(file: file, line: number, problem: "unknown directive `\(text)`; \(usage)")
        }
        return RunDirective(kind: kind, id: String(inner[1]), line: number)
    }
}
