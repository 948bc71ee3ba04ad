import Foundation
import Yams

/// `Content/site.yml`: site-wide settings, all optional.
public struct SiteConfig: Sendable, Equatable {
    public var title = "LRLab notes"
    public var description = "Learning-rate range tests, explained."
    public var author = "LRLab"
    /// Absolute URL of the site root, used for feed and sitemap links; never for page links.
    public var baseURL: String?
    /// Lets raw HTML in Markdown through (cmark's unsafe mode). Off by default.
    public var allowRawHTML = false

    public init() {}

    /// Reads `url` if it exists; a missing file gives the defaults.
    public static func load(from url: URL) throws -> SiteConfig {
        var config = SiteConfig()
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return config }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, problem) = FrontMatter.yamlLocation(error)
            throw ReportError.frontMatter(file: url.path, line: line, problem: problem)
        }
        guard let node else { return config }
        guard let mapping = node.mapping else {
            throw ReportError.frontMatter(file: url.path, line: 1, problem: "site.yml must be `key: value` lines")
        }
        if let value = mapping["title"]?.string { config.title = value }
        if let value = mapping["description"]?.string { config.description = value }
        if let value = mapping["author"]?.string { config.author = value }
        if let value = mapping["baseURL"]?.string, !value.isEmpty { config.baseURL = value }
        if let value = mapping["allowRawHTML"] {
            guard let flag = value.bool else {
                throw ReportError.frontMatter(file: url.path, line: (value.mark?.line ?? 0),
                                              problem: "`allowRawHTML` must be true or false")
            }
            config.allowRawHTML = flag
        }
        return config
    }
}
