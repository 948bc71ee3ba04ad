import Foundation
import Yams

/// A post's YAML header between `---` lines, with line numbers kept for error messages.
public struct FrontMatter: Sendable {
    public var title: String
    /// `YYYY-MM-DD`, validated.
    public var date: String
    public var summary: String
    public var tags: [String]
    /// Cited run or group ids with the file line each was written on.
    public var runs: [(id: String, line: Int)]
    public var draft: Bool
    public var slug: String?
    /// The Markdown after the closing `---`.
    public var body: String
    /// 1-based line of `body`'s first line in the file.
    public var bodyLine: Int

    /// Splits `text` into header and body; `file` only names the file in errors.
    public static func parse(_ text: String, file: String) throws -> FrontMatter {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmingCharacters(in: .whitespaces) }) == "---" else {
            throw ReportError.frontMatter(file: file, line: 1, problem: "the file must start with a `---` line")
        }
        guard let end = lines.indices.dropFirst().first(where: {
            lines[$0].trimmingCharacters(in: .whitespaces) == "---"
        }) else {
            throw ReportError.frontMatter(file: file, line: 1, problem: "no closing `---` line after the header")
        }
        let yaml = lines[1..<end].joined(separator: "\n")
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
        func line(of key: String) -> Int { (mapping[key]?.mark?.line ?? 0) + 1 }
        func string(_ key: String) throws -> String? {
            guard let value = mapping[key] else { return nil }
            guard let scalar = value.scalar else {
                throw ReportError.frontMatter(file: file, line: line(of: key), problem: "`\(key)` must be a single value")
            }
            return scalar.string
        }
        func list(_ key: String) throws -> [(String, Int)] {
            guard let value = mapping[key] else { return [] }
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
        guard let title = try string("title"), !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ReportError.missingField(file: file, line: 2, field: "title")
        }
        guard let date = try string("date") else { throw ReportError.missingField(file: file, line: 2, field: "date") }
        guard isValidDate(date) else { throw ReportError.badDate(file: file, line: line(of: "date"), value: date) }
        let draftText = try string("draft")?.lowercased()
        guard draftText == nil || ["true", "false", "yes", "no"].contains(draftText!) else {
            throw ReportError.frontMatter(file: file, line: line(of: "draft"), problem: "`draft` must be true or false")
        }
        return FrontMatter(
            title: title, date: date, summary: try string("summary") ?? "",
            tags: try list("tags").map(\.0), runs: try list("runs").map { (id: $0.0, line: $0.1) },
            draft: draftText == "true" || draftText == "yes", slug: try string("slug"),
            body: lines[(end + 1)...].joined(separator: "\n"), bodyLine: end + 2)
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
