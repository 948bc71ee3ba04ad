/// GitHub-style pipe tables, which cmark itself does not know.
///
/// A table is a header row, a delimiter row of dashes with optional alignment colons (`| --- | :-: |`)
/// with as many cells, and the rows that follow up to a blank line, all outside fenced code. Each
/// table is replaced by a placeholder paragraph before cmark runs, and its HTML (cells rendered as
/// inline Markdown, escaped like any other text) is put back afterwards.
struct PipeTable {
    enum Alignment { case none, left, center, right }

    var header: [String]
    var alignments: [Alignment]
    var rows: [[String]]

    /// `markdown` with every table replaced by a placeholder line, and the HTML of each table by token.
    static func substitute(_ markdown: String, renderInline: (String) -> String) -> (markdown: String, tables: [String: String]) {
        // Without a `|` no line is a row, and the lines would be joined back into the same text.
        guard markdown.utf8.contains(UInt8(ascii: "|")) else { return (markdown, [:]) }
        var lines: [(text: Substring, isCode: Bool)] = []
        try? RunDirective.forEachLine(markdown) { _, line, isCode in lines.append((line, isCode)) }
        var output: [Substring] = []
        var tables: [String: String] = [:]
        var index = 0
        while index < lines.count {
            if !lines[index].isCode, index + 1 < lines.count, !lines[index + 1].isCode,
               let header = cells(lines[index].text), let alignments = delimiter(lines[index + 1].text),
               header.count == alignments.count {
                var table = PipeTable(header: header, alignments: alignments, rows: [])
                index += 2
                while index < lines.count, !lines[index].isCode, let row = cells(lines[index].text) {
                    table.rows.append(row)
                    index += 1
                }
                let token = "LRLABEMBEDTABLE\(tables.count)"
                tables[token] = table.html(renderInline)
                output += ["", Substring(token), ""]
            } else {
                output.append(lines[index].text)
                index += 1
            }
        }
        return (output.joined(separator: "\n"), tables)
    }

    /// The table as HTML, inside the same scrolling wrapper the templates use for tables.
    func html(_ renderInline: (String) -> String) -> String {
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            let align: String
            switch column < alignments.count ? alignments[column] : .none {
            case .none: align = ""
            case .left: align = " style=\"text-align:left\""
            case .center: align = " style=\"text-align:center\""
            case .right: align = " style=\"text-align:right\""
            }
            return "<\(tag)\(align)>\(renderInline(text))</\(tag)>"
        }
        var html = "<div class=\"table-wrap\"><table>\n<thead><tr>"
        html += header.enumerated().map { cell("th", $0.element, $0.offset) }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            // Rows shorter than the header are padded, longer ones cut, as GitHub does.
            let padded = (0..<header.count).map { $0 < row.count ? row[$0] : "" }
            html += "<tr>" + padded.enumerated().map { cell("td", $0.element, $0.offset) }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table></div>"
    }

    /// The cells of a table row, or nil for a line that is not one (no unescaped `|`, or blank).
    static func cells(_ line: Substring) -> [String]? {
        // The byte test spares most lines Foundation's search, which answers the same for them.
        guard line.utf8.contains(UInt8(ascii: "|")) else { return nil }
        var text = line.trimmingSpaces
        guard !text.isEmpty, text.contains("|") else { return nil }
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|") && !text.hasSuffix("\\|") { text = text.dropLast() }
        var cells: [String] = [], current = "", inCode = false, escaped = false
        for character in text {
            if escaped {
                current.append(character == "|" ? "|" : "\\\(character)")
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "`" {
                inCode.toggle()
                current.append(character)
            } else if character == "|" && !inCode {
                cells.append(String(Substring(current).trimmingSpaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(String(Substring(current).trimmingSpaces))
        return cells
    }

    /// The alignments of a delimiter row such as `| --- | :--: | --: |`, or nil if it is not one.
    static func delimiter(_ line: Substring) -> [Alignment]? {
        guard let parts = cells(line), !parts.isEmpty else { return nil }
        var alignments: [Alignment] = []
        for part in parts {
            let dashes = part.trimmingCharacters(in: ":")
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            switch (part.hasPrefix(":"), part.hasSuffix(":")) {
            case (true, true): alignments.append(.center)
            case (true, false): alignments.append(.left)
            case (false, true): alignments.append(.right)
            case (false, false): alignments.append(.none)
            }
        }
        return alignments
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return text
    }
}

extension String {
    /// Without the given character at either end.
    func trimmingCharacters(in character: Character) -> Substring {
        var text = self[...]
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return text
    }
}
