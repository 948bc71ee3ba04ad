import Yams

/// A post's place in a course: the `series` front-matter key.
///
/// Written `series: "Reading the range test"` (with an optional `part: 2` beside it) or as a
/// mapping `series: {name: "Reading the range test", part: 2}`; `order` is accepted for `part`.
public struct SeriesMembership: Sendable, Equatable {
    public var name: String
    /// The position in the series; posts without one follow the numbered ones, oldest first.
    public var part: Int?
    /// 1-based line of the `series` key.
    public var line: Int

    static func parse(_ header: HeaderReader) throws -> SeriesMembership? {
        guard let value = header.values["series"] else { return nil }
        let line = header.line(of: "series")
        let name: String
        var partText: (text: String, line: Int)?
        if let scalar = value.scalar {
            name = scalar.string
            if let text = try header.string("part") ?? header.string("series_part") {
                partText = (text, header.values["part"] != nil ? header.line(of: "part") : header.line(of: "series_part"))
            }
        } else if let mapping = value.mapping {
            let inner = HeaderReader(mapping: mapping, file: header.file)
            guard let written = try inner.string("name") ?? inner.string("title") else {
                throw ReportError.frontMatter(file: header.file, line: line,
                                              problem: "`series` needs a `name:` (write `series: {name: \"My course\", part: 1}`)")
            }
            name = written
            if let text = try inner.string("part") ?? inner.string("order") {
                partText = (text, inner.line(of: inner.values["part"] != nil ? "part" : "order"))
            }
        } else {
            throw ReportError.frontMatter(file: header.file, line: line,
                                          problem: "`series` must be a name or `{name: ..., part: N}`")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ReportError.frontMatter(file: header.file, line: line, problem: "`series` has an empty name")
        }
        var part: Int?
        if let partText {
            guard let number = Int(partText.text.trimmingCharacters(in: .whitespaces)), number >= 1 else {
                throw ReportError.frontMatter(file: header.file, line: partText.line,
                                              problem: "the series part `\(partText.text)` must be a whole number from 1")
            }
            part = number
        }
        return SeriesMembership(name: name, part: part, line: line)
    }
}
