import Foundation

/// Turns loaded content into HTML pages through the site's templates.
///
/// Every page path is relative to the output folder; `root` is the relative way back to it
/// (`""` or `"../"`), so the site works from `file://` and from a subfolder.
struct PageRenderer: Sendable {
    let templates: TemplateSet
    let site: SiteContent
    let markdown: MarkdownRenderer
    /// Root prefix for the 404 page, which a server may show at any depth.
    let notFoundRoot: String
    /// Run contexts for pages one folder deep (`root` = `"../"`) and the run card each renders to.
    private(set) var runCards: [String: (context: TemplateValues, html: String)] = [:]
    /// Each post's list item at the top (`root` = `""`) and one folder deep: the values of
    /// `partials/post-card` plus `card`, the partial rendered once for the home page and every
    /// tag page that lists the post.
    private(set) var postListItems: [String: (top: TemplateValues, nested: TemplateValues)] = [:]

    init(templates: TemplateSet, site: SiteContent, baseURL: String?) {
        self.templates = templates
        self.site = site
        self.markdown = MarkdownRenderer(allowRawHTML: site.config.allowRawHTML)
        self.notFoundRoot = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        let cards = ParallelMap.map(site.runs.count) { [self] index in
            let context = runContext(site.runs[index], root: "../")
            return (context: TemplateValues(context), html: templates.render("partials/run-card", context))
        }
        for (run, card) in zip(site.runs, cards) { runCards[run.id] = card }
        let items = ParallelMap.map(site.posts.count) { [self] index in
            (top: listItem(site.posts[index], root: ""), nested: listItem(site.posts[index], root: "../"))
        }
        for (post, item) in zip(site.posts, items) { postListItems[post.slug] = item }
    }

    /// Renders page template `template` inside the layout; `scripts` and `stylesheets` are paths
    /// from the site root that the page loads besides style.css (most pages load none).
    func page(_ template: String, title: String, description: String? = nil, root: String,
              context: [String: Any], scripts: [String] = [], stylesheets: [String] = []) -> Data {
        var values = context
        values["root"] = root
        // Absent rather than empty: most pages have neither, and an empty list still costs the
        // template engine its type checks.
        if !scripts.isEmpty { values["scripts"] = scripts.map { ["src": root + $0] } }
        if !stylesheets.isEmpty { values["stylesheets"] = stylesheets.map { ["href": root + $0] } }
        values["siteTitle"] = site.config.title
        values["siteDescription"] = site.config.description
        values["author"] = site.config.author
        let body = templates.render(template, values)
        values["content"] = body
        values["pageTitle"] = title
        values["pageDescription"] = description ?? site.config.description
        return Data(templates.render("layout", values).utf8)
    }

    // MARK: Paths

    static func postPath(_ slug: String) -> String { "posts/\(slug).html" }
    static func tagPath(_ tag: String) -> String { "tags/\(Slug.make(tag)).html" }

    func runPath(_ id: String) -> String { "runs/\(site.runSlugs[id] ?? Slug.make(id)).html" }
    func runFolder(_ id: String) -> String { "runs/\(site.runSlugs[id] ?? Slug.make(id))" }
    func groupPath(_ id: String) -> String { "groups/\(site.groupSlugs[id] ?? Slug.make(id)).html" }
    func groupFolder(_ id: String) -> String { "groups/\(site.groupSlugs[id] ?? Slug.make(id))" }

    /// The image shown for a post on lists: its `image`, else the first cited run's plot, or a
    /// cited group's overlay.
    func thumbnail(for post: Post, root: String) -> String? {
        if let image = post.imagePath { return image.contains("://") || image.hasPrefix("//") ? image : root + image }
        for citation in post.frontMatter.runs {
            if let run = site.run(citation.id) {
                guard run.hasPlot else { continue }
                return root + runFolder(citation.id) + "/plot.svg"
            }
            if let group = site.group(citation.id) {
                if let overlay = group.charts.first(where: { $0.role == "overlay" }) {
                    return root + groupFolder(group.id) + "/" + overlay.file
                }
                if let first = group.manifest.runs.first(where: { site.run($0)?.hasPlot == true }) {
                    return root + runFolder(first) + "/plot.svg"
                }
            }
        }
        return nil
    }

    /// A post's values for `partials/post-card` plus `card`, the partial rendered with them.
    private func listItem(_ post: Post, root: String) -> TemplateValues {
        var values = postSummary(post, root: root)
        var card = templates.render("partials/post-card", values)
        // Without the file's final newline, so that `{{{card}}}` on a line of its own adds one line.
        if card.hasSuffix("\n") { card.removeLast() }
        values["card"] = card
        return TemplateValues(values)
    }

    /// Context of a post in a list (home at `root` `""`, tag pages at `"../"`).
    func postListItem(_ post: Post, root: String) -> [String: Any] {
        let items = postListItems[post.slug]!
        return (root.isEmpty ? items.top : items.nested).values
    }

    /// Values of `partials/post-card`.
    func postSummary(_ post: Post, root: String) -> [String: Any] {
        var values: [String: Any] = [
            "title": post.title, "date": post.date,
            "href": root + Self.postPath(post.slug), "tags": tagLinks(post.frontMatter.tags, root: root),
        ]
        if !post.frontMatter.summary.isEmpty { values["summary"] = post.frontMatter.summary }
        let thumbnail = thumbnail(for: post, root: root)
        values["thumbnail"] = thumbnail
        values["hasThumbnail"] = thumbnail != nil
        values["thumbnailAlt"] = post.imagePath != nil ? "Picture for \(post.title)" : "Loss curve for \(post.title)"
        return values
    }

    func tagLinks(_ tags: [String], root: String) -> [[String: Any]] {
        tags.map { ["name": $0, "href": root + Self.tagPath($0)] }
    }
}
