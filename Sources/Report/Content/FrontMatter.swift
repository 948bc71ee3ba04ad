import Foundation
import Yams

/// A post's YAML header between `---` lines, with line numbers kept for error messages.
///
/// Besides LRLab's own keys it reads what Jekyll and fastpages posts carry (`subtitle`,
/// `description`, `categories`, `image`, `toc`), takes the date from a `YYYY-MM-DD-` file-name
/// prefix when the header has none, and ignores every other key (`layout`, `comments`,
/// `permalink`, `hide`, `badges`, ...).
public struct FrontMatter: Sendable {
    public var title: String
    /// `YYYY-MM-DD`, validated.
    public var date: String
    public var summary: String
    /// Shown under the title; from `subtitle`.
    public var subtitle: String = ""
    /// `tags` then `categories`, in order, without repeats.
    public var tags: [String]
    /// Cited run or group ids with the file line each was written on.
    public var runs: [(id: String, line: Int)]
    public var draft: Bool
    public var slug: String?
    /// The picture for list cards (`image`), as written, with its line.
    public var image: (path: String, line: Int)?
    /// `toc: true` shows the table of contents for any heading, `false` never; nil decides by the headings.
    public var toc: Bool?
    /// The course this post is part of (`series`).
    public var series: SeriesMembership?
    /// `search_exclude: true` leaves the post out of the search index.
    public var searchExcluded = false
    /// The Markdown after the closing `---`.
    public var body: String
    /// 1-based line of `body`'s first line in the file.
    public var bodyLine: Int

    /// Splits `text` into header and body; `file` names the file in errors and gives the date
    /// prefix of its name.
    public static func parse(_ text: String, file: String) throws -> FrontMatter {
        let fences = try headerFences(text, file: file)
        let end = fences.closingLine
        let yaml = String(text[fences.header])
        let node: Node?
        do {
            // Every value is read as text, so the basic resolver (no implicit-type regexes) gives the same
            // nodes as the default one, several times faster; the encoding is fixed to skip an environment read.
            node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            let (line, problem) = yamlLocation(error)
            throw ReportError.frontMatter(file: file, line: line + 1, problem: problem)
        }
        guard let mapping = node?.mapping else {
            throw ReportError.frontMatter(file: file, line: 2, problem: "the header must be `key: value` lines")
        }
        let header = HeaderReader(mapping: mapping, file: file)
        guard let title = try header.string("title"), !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ReportError.missingField(file: file, line: 2, field: "title")
        }
        let date: String
        if let written = try header.string("date") {
            guard let day = calendarDay(written) else {
                throw ReportError.badDate(file: file, line: header.line(of: "date"), value: written)
            }
            date = day
        } else if let prefix = datePrefix(ofFile: file) {
            date = prefix
        } else {
            throw ReportError.missingField(file: file, line: 2, field: "date")
        }
        var tags = try header.words("tags").map(\.0)
        let categories = try header.words("categories") + header.words("category")
        if !categories.isEmpty {
            var seen = Set(tags.map(Slug.make))
            for (category, _) in categories where seen.insert(Slug.make(category)).inserted { tags.append(category) }
        }
        let summary = try header.string("summary") ?? header.string("description") ?? ""
        var frontMatter = FrontMatter(
            title: title, date: date, summary: summary,
            tags: tags, runs: try header.list("runs").map { (id: $0.0, line: $0.1) },
            draft: try header.flag("draft") ?? false, slug: try header.string("slug"),
            body: String(text[fences.body]), bodyLine: end + 2)
        frontMatter.subtitle = try header.string("subtitle") ?? ""
        if let image = try header.string("image"), !image.isEmpty { frontMatter.image = (image, header.line(of: "image")) }
        frontMatter.toc = try header.flag("toc")
        frontMatter.series = try SeriesMembership.parse(header)
        frontMatter.searchExcluded = try header.flag("search_exclude") ?? false
        return frontMatter
    }

    /// Where the header and the body lie in `text`: between the opening `---` line and the next
    /// `---` line (blanks around the dashes allowed), and after it; `closingLine` is 0-based.
    ///
    /// Lines end at a `\n` that is a Character of its own (a `\r\n` pair is one Character and
    /// ends no line), as when splitting the text's Characters at `"\n"`; only the header's lines
    /// are visited, so a long body costs one byte scan.
    static func headerFences(_ text: String, file: String) throws -> (header: Range<String.Index>, body: Range<String.Index>, closingLine: Int) {
        func isFence(_ line: Substring) -> Bool {
            // Spaces and tabs are the only ASCII members of `.whitespaces`: ASCII lines skip Foundation.
            let bytes = line.utf8
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return line.trimmingCharacters(in: .whitespaces) == "---" }
            let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            let trimmed = bytes.drop(while: isBlank).reversed().drop(while: isBlank)
            return trimmed.count == 3 && trimmed.allSatisfy { $0 == UInt8(ascii: "-") }
        }
        let bytes = text.utf8
        var lineStart = bytes.startIndex, index = bytes.startIndex
        var headerStart: String.Index?
        var line = 0
        var previous: UInt8 = 0
        while true {
            let atEnd = index == bytes.endIndex
            if atEnd || (bytes[index] == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r")) {
                let lineText = text[lineStart..<index]
                let next = atEnd ? index : bytes.index(after: index)
                if line == 0 {
                    guard isFence(lineText) else {
                        throw ReportError.frontMatter(file: file, line: 1, problem: "the file must start with a `---` line")
                    }
                    headerStart = next
                } else if isFence(lineText) {
                    // The header ends before the line break that precedes the closing line.
                    let headerEnd = line == 1 ? headerStart! : bytes.index(before: lineStart)
                    return (headerStart!..<headerEnd, next..<bytes.endIndex, line)
                }
                if atEnd { break }
                line += 1
                lineStart = next
                previous = 0
                index = next
                continue
            }
            previous = bytes[index]
            index = bytes.index(after: index)
        }
        throw ReportError.frontMatter(file: file, line: 1, problem: "no closing `---` line after the header")
    }

    /// True for a real calendar date written `YYYY-MM-DD`.
    static func isValidDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// The `YYYY-MM-DD` day of a date value: the date itself, or a Jekyll date-time such as
    /// `2017-11-05 10:30:00 -0500` or `2017-11-05T10:30:00Z` (the day as written, the time ignored).
    static func calendarDay(_ text: String) -> String? {
        if text.utf8.count == 10 { return isValidDate(text) ? text : nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let day = String(trimmed.prefix(10))
        guard isValidDate(day) else { return nil }
        let rest = trimmed.dropFirst(10)
        if rest.isEmpty { return day }
        // A time follows after one space or a `T`: `HH:MM`, then anything (seconds, zone).
        guard let separator = rest.first, separator == " " || separator == "T" else { return nil }
        let time = rest.dropFirst().prefix(5)
        guard time.count == 5, time.dropFirst(2).first == ":",
              time.filter({ $0 != ":" }).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return day
    }

    /// The date a file name starts with (`2017-11-05-neural-nets.md`), as Jekyll names posts.
    static func datePrefix(ofFile file: String) -> String? {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let prefix = name.prefix(11)
        guard prefix.count == 11, prefix.last == "-", isValidDate(String(prefix.dropLast())) else { return nil }
        return String(prefix.dropLast())
    }

    /// The 1-based line within the YAML text and a one-line problem from a Yams error.
    static func yamlLocation(_ error: YamlError) -> (Int, String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            return (mark.line, ((context?.text).map { $0 + " " } ?? "") + problem)
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark.line, "duplicated keys \(duplicates.joined(separator: ", "))")
        default:
            return (1, "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML")
        }
    }
}

/// Typed reads of header keys; every error names the file and the key's line.
struct HeaderReader {
    /// Values by key, read once: a Yams mapping looks each key up by comparing nodes in turn.
    let values: [String: Node]
    var file: String

    init(mapping: Node.Mapping, file: String) {
        var values: [String: Node] = [:]
        values.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            if let name = key.string, values[name] == nil { values[name] = value }
        }
        self.values = values
        self.file = file
    }

    func line(of key: String) -> Int { (values[key]?.mark?.line ?? 0) + 1 }

    /// A single value, or nil when the key is absent.
    func string(_ key: String) throws -> String? {
        guard let value = values[key] else { return nil }
        guard let scalar = value.scalar else {
            throw ReportError.frontMatter(file: file, line: line(of: key), problem: "`\(key)` must be a single value")
        }
        return scalar.string
    }

    /// `true`/`false` (or `yes`/`no`), nil when absent.
    func flag(_ key: String) throws -> Bool? {
        guard let text = try string(key)?.lowercased() else { return nil }
        switch text {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            throw ReportError.frontMatter(file: file, line: line(of: key), problem: "`\(key)` must be true or false")
        }
    }

    /// A list of plain values (a single value counts as a list of one), with their lines.
    func list(_ key: String) throws -> [(String, Int)] {
        guard let value = values[key] else { return [] }
        if let scalar = value.scalar { return scalar.string.isEmpty ? [] : [(scalar.string, line(of: key))] }
        guard let sequence = value.sequence else {
            throw ReportError.frontMatter(file: file, line: line(of: key), problem: "`\(key)` must be a list")
        }
        return try sequence.map { item in
            guard let scalar = item.scalar else {
                throw ReportError.frontMatter(file: file, line: (item.mark?.line ?? 0) + 1,
                                              problem: "`\(key)` items must be plain values")
            }
            return (scalar.string, (item.mark?.line ?? 0) + 1)
        }
    }

    /// A list, where a single value is split at spaces as Jekyll does (`categories: fastpages jupyter`).
    func words(_ key: String) throws -> [(String, Int)] {
        if let scalar = values[key]?.scalar {
            return scalar.string.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { (String($0), line(of: key)) }
        }
        return try list(key).filter { !$0.0.utf8.allSatisfy { $0 == 32 || $0 == 9 } }
    }
}
