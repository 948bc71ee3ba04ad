import Foundation

/// The `{{< run ID >}}` / `{{< group ID >}}` lines that embed a run or sweep in a post, and the
/// `{{< exercise "Title" >}}` … `{{< solution >}}` … `{{< /exercise >}}` lines around homework.
///
/// A directive is a whole line (up to 3 spaces of indentation) outside fenced code blocks.
struct RunDirective: Equatable {
    enum Kind: String {
        case run, group, exercise, solution
        case endExercise = "/exercise"

        /// Whether the directive names a run or group that must exist.
        var cites: Bool { self == .run || self == .group }
    }

    var kind: Kind
    /// The run or group id; the exercise's title (possibly empty) for `exercise`; empty otherwise.
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
        let usage = "write the line as `{{< run RUN-ID >}}`, `{{< group GROUP-ID >}}`, "
            + "`{{< exercise \"Title\" >}}`, `{{< solution >}}` or `{{< /exercise >}}`"
        guard text.hasSuffix(">}}") else {
            throw ReportError.directive(file: file, line: number, problem: "unfinished directive; \(usage)")
        }
        let body = Substring(text.dropFirst(3).dropLast(3)).trimmingSpaces
        let inner = body.split(separator: " ", omittingEmptySubsequences: true)
        if inner.first == "exercise" {
            return RunDirective(kind: .exercise, id: try exerciseTitle(body.dropFirst("exercise".count).trimmingSpaces,
                                                                       line: number, file: file), line: number)
        }
        if inner.count == 1, let kind = Kind(rawValue: String(inner[0])), kind == .solution || kind == .endExercise {
            return RunDirective(kind: kind, id: "", line: number)
        }
        guard inner.count == 2, let kind = Kind(rawValue: String(inner[0])), kind.cites else {
            throw ReportError.directive(file: file, line: number, problem: "unknown directive `\(text)`; \(usage)")
        }
        return RunDirective(kind: kind, id: String(inner[1]), line: number)
    }

    /// The title after `exercise`: nothing, a `"quoted"` text (`\"` for a quote) or bare words.
    private static func exerciseTitle(_ text: Substring, line: Int, file: String) throws -> String {
        guard text.first == "\"" else { return String(text) }
        var title = "", escaped = false, closed = false
        for character in text.dropFirst() {
            if closed {
                throw ReportError.directive(file: file, line: line,
                                            problem: "text after the exercise title's closing quote; write `{{< exercise \"Title\" >}}`")
            }
            if escaped { title.append(character); escaped = false }
            else if character == "\\" { escaped = true }
            else if character == "\"" { closed = true }
            else { title.append(character) }
        }
        guard closed else {
            throw ReportError.directive(file: file, line: line, problem: "the exercise title has no closing quote")
        }
        return title
    }

    /// Checks that exercises open, hold at most one solution and close, without nesting.
    static func checkExercises(_ directives: [RunDirective], file: String) throws {
        var open: RunDirective?
        var hasSolution = false
        for directive in directives {
            switch directive.kind {
            case .exercise:
                if let open {
                    throw ReportError.directive(file: file, line: directive.line,
                                                problem: "an exercise starts inside the exercise of line \(open.line); close that one first with `{{< /exercise >}}`")
                }
                open = directive
                hasSolution = false
            case .solution:
                guard open != nil else {
                    throw ReportError.directive(file: file, line: directive.line,
                                                problem: "`{{< solution >}}` outside an exercise; put it between `{{< exercise >}}` and `{{< /exercise >}}`")
                }
                if hasSolution {
                    throw ReportError.directive(file: file, line: directive.line, problem: "a second `{{< solution >}}` in one exercise")
                }
                hasSolution = true
            case .endExercise:
                guard open != nil else {
                    throw ReportError.directive(file: file, line: directive.line,
                                                problem: "`{{< /exercise >}}` without an opening `{{< exercise >}}`")
                }
                open = nil
            case .run, .group:
                continue
            }
        }
        if let open {
            throw ReportError.directive(file: file, line: open.line,
                                        problem: "the exercise is never closed; end it with a `{{< /exercise >}}` line")
        }
    }
}
