import Foundation

/// Everything that can stop a build, each naming the file (and line) at fault and how to fix it.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    case frontMatter(file: String, line: Int, problem: String)
    case missingField(file: String, line: Int, field: String)
    case badDate(file: String, line: Int, value: String)
    case directive(file: String, line: Int, problem: String)
    case unknownRun(file: String, line: Int, id: String, closeMatches: [String])
    case runArtifact(file: String, problem: String)
    /// A manifest whose `formatVersion` is newer than this LRLab reads.
    case newerArtifact(file: String, format: String, version: Int, supported: Int)
    case duplicateSlug(slug: String, first: String, second: String)
    case duplicateRun(id: String, first: String, second: String)
    case pathEscapes(file: String, path: String)
    case template(file: String, line: Int?, problem: String)
    case brokenLinks([BrokenLink])
    case unsafeOutput(path: String, reason: String)
    case io(path: String, problem: String)
    case usage(String)

    public var description: String {
        switch self {
        case let .frontMatter(file, line, problem):
            return "\(file):\(line): malformed front matter: \(problem). Fix the YAML between the `---` lines."
        case let .missingField(file, line, field):
            return "\(file):\(line): front matter has no `\(field)`. Add a line `\(field): ...` between the `---` lines."
        case let .badDate(file, line, value):
            return "\(file):\(line): date `\(value)` is not a valid YYYY-MM-DD date. Write it like `date: 2026-11-23`."
        case let .directive(file, line, problem):
            return "\(file):\(line): \(problem)."
        case let .unknownRun(file, line, id, matches):
            let hint = matches.isEmpty ? "No run or group has a similar id; check the runs folders (--runs)."
                : "Did you mean \(matches.map { "`\($0)`" }.joined(separator: " or "))?"
            return "\(file):\(line): cites unknown run or group `\(id)`. \(hint)"
        case let .runArtifact(file, problem):
            return "\(file): \(problem). Re-run the recorder for this run or remove its folder."
        case let .newerArtifact(file, format, version, supported):
            return "\(file): written by a newer LRLab (\(format) version \(version)); this LRLab reads \(format) up to "
                + "version \(supported). Update LRLab to build a site with it, or move its folder out of the runs folders."
        case let .duplicateSlug(slug, first, second):
            return "\(second): slug `\(slug)` is already used by \(first). Rename one file or set a different `slug:` in its front matter."
        case let .duplicateRun(id, first, second):
            return "\(second): run id `\(id)` is also in \(first). Keep only one copy of the run."
        case let .pathEscapes(file, path):
            return "\(file): path `\(path)` leaves the content folder (`..`, absolute path or symlink). Keep content inside the folder or pass it with --runs."
        case let .template(file, line, problem):
            let location = line.map { "\(file):\($0)" } ?? file
            return "\(location): template error: \(problem). Fix the template or restore it from the repository."
        case let .brokenLinks(links):
            let lines = links.prefix(50).map { "  \($0.location): broken link `\($0.target)` (\($0.reason))" }
            let more = links.count > 50 ? ["  ... and \(links.count - 50) more"] : []
            return "\(links.count) broken internal link(s); fix the Markdown link or cite the run:\n"
                + (lines + more).joined(separator: "\n")
        case let .unsafeOutput(path, reason):
            return "refusing to write the site to \(path): \(reason). Choose another --output folder."
        case let .io(path, problem):
            return "\(path): \(problem)"
        case let .usage(message):
            return message
        }
    }
}

/// A link or anchor in a built page that points at nothing.
public struct BrokenLink: Equatable, Sendable, CustomStringConvertible {
    /// Page path relative to the output folder.
    public var page: String
    public var target: String
    public var reason: String
    /// `file:line` of the Markdown that wrote the link, when the page is a post and the line was found.
    public var source: String? = nil

    /// The Markdown line and page (`Content/posts/a.md:12 (posts/a.html)`), or the page alone.
    public var location: String { source.map { "\($0) (\(page))" } ?? page }

    public var description: String { "\(location): \(target) (\(reason))" }
}
