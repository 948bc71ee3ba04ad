import Foundation

extension PageRenderer {
    /// One page per series, keyed by output path: its posts in reading order.
    func seriesPages() -> [String: Data] {
        var pages: [String: Data] = [:]
        for series in site.series.series {
            let root = "../"
            let parts = series.posts.map { post -> [String: Any] in
                var values: [String: Any] = ["title": post.title, "date": post.date, "href": root + Self.postPath(post.slug)]
                let summary = post.frontMatter.summary.isEmpty ? post.frontMatter.subtitle : post.frontMatter.summary
                if !summary.isEmpty { values["summary"] = summary }
                return values
            }
            pages[SeriesIndex.path(series.slug)] = page(
                "series", title: "Series \(series.name)", root: root,
                context: ["series": ["name": series.name, "count": series.posts.count, "parts": parts]])
        }
        return pages
    }

    /// The search page; `assets/search.js` fills it from `search-index.js`.
    func searchPage() -> Data {
        page("search", title: "Search", root: "", context: [:],
             scripts: [SearchIndexFile.path, SiteScripts.path("search")])
    }
}

/// Where the search index goes.
enum SearchIndexFile {
    static let path = "search-index.js"
}
