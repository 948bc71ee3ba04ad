import Foundation
import Mustache

/// The Mustache templates of a site: page templates, `partials/…` and `style.css`.
struct TemplateSet {
    /// Page templates a build needs; each is `<name>.mustache` in the templates folder.
    static let requiredPages = ["layout", "home", "post", "run", "group", "tag", "tags", "archive", "runs", "404",
                                "series", "search"]
    /// Partials the build renders by itself (cards it reuses across pages), not only through `{{> …}}`.
    static let requiredPartials = ["partials/run-card", "partials/group-card", "partials/post-card"]

    let library: MustacheLibrary
    /// The same templates compiled for the cast-free renderer; nil when built without it.
    let compiled: CompiledTemplateSet?
    let stylesheet: Data
    /// `scripts/<name>.js` for each of `SiteScripts.names`.
    let scripts: [String: Data]
    let folder: URL

    /// Loads every `*.mustache` below `folder`; errors name the template file and line.
    ///
    /// With `compiling` (the default) pages render through `CompiledTemplateSet`, which gives
    /// swift-mustache's output several times faster; without it, through swift-mustache only
    /// (tests compare the two).
    init(folder: URL, compiling: Bool = true) throws {
        self.folder = folder
        guard ContentPath.isDirectory(folder) else {
            throw ReportError.template(file: folder.path, line: nil,
                                       problem: "the templates folder does not exist (pass --templates DIR)")
        }
        FastHTMLContentType.registerOnce
        var library = MustacheLibrary()
        var sources: [String: (file: String, text: String)] = [:]
        var parsed: [String: String] = [:]
        for relative in Self.templateFiles(in: folder) {
            let url = folder.appendingEntry(relative)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw ReportError.template(file: url.path, line: nil, problem: "not readable as UTF-8 text")
            }
            let name = String(relative.dropLast(".mustache".count))
            // The pragma swaps the library's per-Character escaping for HTMLEscaping (same five entities).
            // A blank first line would make an inline pragma standalone and eat that line, so then it
            // gets its own line, which the parser drops whole.
            let firstLineBlank = text.prefix { $0 != "\n" }.allSatisfy(\.isWhitespace)
            let pragma = "{{%CONTENT_TYPE:\(FastHTMLContentType.name)}}" + (firstLineBlank ? "\n" : "")
            do {
                library.register(try MustacheTemplate(string: pragma + text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let lineNumber = error.context.lineNumber - (firstLineBlank ? 1 : 0)
                let near = error.context.line.replacingOccurrences(of: pragma, with: "").trimmingCharacters(in: .whitespaces)
                throw ReportError.template(file: url.path, line: lineNumber, problem: "\(error.error) near `\(near)`")
            }
            sources[name] = (url.path, text)
            parsed[name] = pragma + text
        }
        for page in Self.requiredPages + Self.requiredPartials where sources[page] == nil {
            throw ReportError.template(file: folder.appendingEntry(page + ".mustache").path, line: nil,
                                       problem: "the \(page) template is missing")
        }
        for name in sources.keys.sorted() {
            let source = sources[name]!
            for (partial, line) in Self.partialReferences(in: source.text) where sources[partial] == nil {
                throw ReportError.template(file: source.file, line: line,
                                           problem: "partial `\(partial)` not found (expected \(partial).mustache)")
            }
        }
        let cssURL = folder.appendingEntry("style.css")
        guard let css = try? Data(contentsOf: cssURL) else {
            throw ReportError.template(file: cssURL.path, line: nil, problem: "the stylesheet is missing")
        }
        var scripts: [String: Data] = [:]
        for name in SiteScripts.names {
            let url = folder.appendingEntry("scripts").appendingEntry(name + ".js")
            guard let data = try? Data(contentsOf: url) else {
                throw ReportError.template(file: url.path, line: nil, problem: "the \(name) script is missing")
            }
            scripts[name] = data
        }
        self.library = library
        self.compiled = compiling ? CompiledTemplateSet(sources: parsed) : nil
        self.stylesheet = css
        self.scripts = scripts
    }

    /// Renders template `name` with `context` (escaping `{{…}}` values for HTML).
    func render(_ name: String, _ context: [String: Any]) -> String {
        if let fast = compiled?.render(name, context) { return fast }
        return library.render(context, withTemplate: name) ?? ""
    }

    /// Paths of `*.mustache` files relative to `folder`, sorted.
    static func templateFiles(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".mustache") { files.append(path) }
        }
        return files.sorted()
    }

    /// `{{> name}}` references with their 1-based lines.
    static func partialReferences(in text: String) -> [(String, Int)] {
        var found: [(String, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{>") {
                guard let close = rest[open.upperBound...].range(of: "}}") else { break }
                let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                found.append((name, index + 1))
                rest = rest[close.upperBound...]
            }
        }
        return found
    }
}

/// HTML escaping for `{{name}}` through `HTMLEscaping.escape`, which scans bytes and skips clean text.
struct FastHTMLContentType: MustacheContentType {
    static let name = "LRLAB_HTML"
    /// Registers the content type with the template parser the first time it is read.
    static let registerOnce: Void = MustacheContentTypes.register(FastHTMLContentType(), named: name)

    func escapeText(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }
}
