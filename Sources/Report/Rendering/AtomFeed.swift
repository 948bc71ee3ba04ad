import Foundation

/// The Atom feed (`feed.xml`) of the newest posts.
enum AtomFeed {
    static let entryLimit = 50

    /// Links are absolute under `baseURL` when given, otherwise relative to the feed.
    /// `updated` comes from the newest post's date, so the feed only changes with the content.
    static func render(posts: [Post], config: SiteConfig, baseURL: String?) -> Data {
        let escape = HTMLEscaping.escape
        let base = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        let siteID = base.isEmpty ? "urn:lrlab:site:\(Slug.make(config.title))" : base
        let updated = (posts.first?.date ?? "1970-01-01") + "T00:00:00Z"
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
        <title>\(escape(config.title))</title>
        <subtitle>\(escape(config.description))</subtitle>
        <id>\(escape(siteID))</id>
        <updated>\(updated)</updated>
        <author><name>\(escape(config.author))</name></author>
        <link rel="alternate" type="text/html" href="\(escape(base + "index.html"))"/>
        <link rel="self" type="application/atom+xml" href="\(escape(base + "feed.xml"))"/>

        """
        for post in posts.prefix(entryLimit) {
            let link = base + PageRenderer.postPath(post.slug)
            let id = base.isEmpty ? "urn:lrlab:post:\(post.slug)" : link
            xml += """
            <entry>
            <title>\(escape(post.title))</title>
            <link rel="alternate" type="text/html" href="\(escape(link))"/>
            <id>\(escape(id))</id>
            <published>\(post.date)T00:00:00Z</published>
            <updated>\(post.date)T00:00:00Z</updated>
            <summary>\(escape(post.frontMatter.summary.isEmpty ? post.title : post.frontMatter.summary))</summary>
            \(post.frontMatter.tags.map { "<category term=\"\(escape($0))\"/>" }.joined(separator: "\n"))
            </entry>

            """
        }
        xml += "</feed>\n"
        return Data(xml.utf8)
    }
}
