import Foundation

/// One Markdown note ready to render.
public struct Post: Sendable {
    public var frontMatter: FrontMatter
    /// File name of the page under `posts/`, without `.html`.
    public var slug: String
    /// The Markdown file, for error messages.
    public var source: URL
    /// Ids in `{{< run >}}` / `{{< group >}}` lines, in order, then those only `{{< value >}}`
    /// directives cite; the body holds the values already written in.
    var embeddedIDs: [String] = []
    /// The front matter's `image` as a path from the site root (or an absolute URL), checked to exist.
    var imagePath: String?

    public var title: String { frontMatter.title }
    public var date: String { frontMatter.date }

    /// Slug from the front matter's `slug`, else the file name without a leading `YYYY-MM-DD-` and `.md`.
    static func slug(for frontMatter: FrontMatter, fileName: String) -> String {
        if let explicit = frontMatter.slug { return Slug.make(explicit) }
        var base = fileName
        if base.hasSuffix(".md") { base.removeLast(3) }
        let prefix = base.prefix(11)
        if prefix.count == 11, prefix.last == "-", FrontMatter.isValidDate(String(prefix.dropLast())) {
            base.removeFirst(11)
        }
        return Slug.make(base)
    }

    /// Newest first; ties broken by slug so the order never depends on the file system.
    static func newestFirst(_ lhs: (date: String, slug: String), _ rhs: (date: String, slug: String)) -> Bool {
        lhs.date != rhs.date ? lhs.date > rhs.date : lhs.slug < rhs.slug
    }
}
