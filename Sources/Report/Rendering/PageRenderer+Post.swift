import Foundation

/// A post page and what the build gathers from it.
struct RenderedPost: Sendable {
    var page: Data
    /// The post's entry in the search index (nil with `search_exclude: true`).
    var searchEntry: SearchIndex.Entry?
    /// Whether the page has formulas (so the build copies KaTeX).
    var hasMath: Bool
}

extension PageRenderer {
    /// Ids the post template itself uses; headings never take them.
    static let postTemplateIDs: Set<String> = ["main", "contents", "cited-runs"]

    /// The page of one post: notes with anchored headings, highlighted code, formulas, table of
    /// contents, embedded runs, exercises and the series navigation.
    func postPage(_ post: Post) -> RenderedPost {
        let root = "../"
        let (markdownText, placeholders) = RunDirective.substitutePlaceholders(post.frontMatter.body)
        var anchors = SlugAllocator(reserved: Self.postTemplateIDs)
        var embeds: [String: String] = [:]
        var exercises = ExerciseNumbering()
        for (token, directive) in placeholders {
            switch directive.kind {
            case .run:
                guard var card = runCards[directive.id] else { continue }
                let anchor = card.context.values["anchor"] as! String
                let unique = anchors.claim(anchor)
                if unique != anchor {
                    card.context.values["anchor"] = unique
                    card.html = templates.render("partials/run-card", card.context.values)
                }
                embeds[token] = card.html
            case .group:
                guard let group = site.group(directive.id) else { continue }
                var context = groupContext(group, root: root)
                context["anchor"] = anchors.claim(context["anchor"] as! String)
                embeds[token] = templates.render("partials/group-card", context)
            case .exercise, .solution, .endExercise:
                embeds[token] = exercises.html(for: directive, anchors: &anchors)
            }
        }
        let math = MathScanner.substitute(markdownText)
        let (tabled, tables) = PipeTable.substitute(math.markdown, renderInline: markdown.renderInline)
        embeds.merge(tables.mapValues { RootLinks.rewrite($0, root: root) }) { first, _ in first }
        let headingText: ((String) -> String)? = math.formulas.isEmpty ? nil : { math.plainText($0) }
        var (html, headings) = markdown.render(tabled, reservedIDs: anchors.used, headingText: headingText)
        html = RootLinks.rewrite(html, root: root)
        html = math.restore(in: html)
        var searchEntry: SearchIndex.Entry?
        if !post.frontMatter.searchExcluded {
            searchEntry = searchIndexEntry(post, words: SearchIndex.words(inHTML: html, skipping: "LRLABEMBED"))
        }
        if !embeds.isEmpty {
            html = Self.replacePlaceholders(in: html, with: embeds)
            html = math.restore(in: html)
        }
        var cited: [[String: Any]] = []
        for citation in post.frontMatter.runs {
            if site.run(citation.id) != nil {
                cited.append(["id": citation.id, "href": root + runPath(citation.id), "kind": "run"])
            } else if site.group(citation.id) != nil {
                cited.append(["id": citation.id, "href": root + groupPath(citation.id), "kind": "sweep"])
            }
        }
        let unfinished = unfinishedCitations(post, root: root)
        let showsToc = post.frontMatter.toc.map { $0 && !headings.isEmpty } ?? (headings.count >= 2)
        var context: [String: Any] = [
            "title": post.title, "date": post.date,
            "tags": tagLinks(post.frontMatter.tags, root: root),
            "html": html,
            "toc": headings.map { ["level": $0.level, "text": $0.text, "id": $0.id] },
            "hasToc": showsToc,
            "cited": cited, "hasCited": !cited.isEmpty,
        ]
        if !unfinished.isEmpty { (context["unfinishedRuns"], context["hasUnfinishedRuns"]) = (unfinished, true) }
        // Absent rather than empty: a Mustache section renders for any string, "" included.
        if !post.frontMatter.summary.isEmpty { context["summary"] = post.frontMatter.summary }
        if !post.frontMatter.subtitle.isEmpty { context["subtitle"] = post.frontMatter.subtitle }
        if let series = seriesNavigation(for: post, root: root) { context["series"] = series }
        var scripts: [String] = [], stylesheets: [String] = []
        let hasMath = !math.formulas.isEmpty
        if hasMath {
            stylesheets.append(KaTeXAssets.stylesheetPath)
            scripts += [KaTeXAssets.scriptPath, SiteScripts.path("math")]
        }
        if html.containsBytes("<pre") { scripts.append(SiteScripts.path("code")) }
        let description = post.frontMatter.summary.isEmpty ? nil : post.frontMatter.summary
        let page = page("post", title: post.title, description: description, root: root, context: context,
                        scripts: scripts, stylesheets: stylesheets)
        return RenderedPost(page: page, searchEntry: searchEntry, hasMath: hasMath)
    }

    /// The cited runs (directly, or as members of a cited sweep) that did not finish, once each
    /// in citation order, for the notice at the top of the post.
    func unfinishedCitations(_ post: Post, root: String) -> [[String: Any]] {
        var seen = Set<String>()
        var result: [[String: Any]] = []
        for id in post.frontMatter.runs.map(\.id) + post.embeddedIDs {
            let members = site.run(id).map { [$0] } ?? site.group(id)?.manifest.runs.compactMap(site.run) ?? []
            for run in members where run.isUnfinished && seen.insert(run.id).inserted {
                var entry: [String: Any] = ["id": run.id, "href": root + runPath(run.id), "status": run.manifest.status.rawValue]
                if run.id != id { entry["sweep"] = id }
                result.append(entry)
            }
        }
        return result
    }

    /// Swaps each `<p>TOKEN</p>` cmark produced for the embed's HTML.
    static func replacePlaceholders(in html: String, with embeds: [String: String]) -> String {
        var result = ""
        result.reserveCapacity(html.utf8.count)
        var rest = html[...]
        while let open = rest.firstByteRange(of: "<p>LRLABEMBED") {
            guard let close = rest[open.upperBound...].firstByteRange(of: "</p>") else { break }
            let token = String(rest[rest.index(open.lowerBound, offsetBy: 3)..<close.lowerBound])
            result += rest[..<open.lowerBound]
            result += embeds[token] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        result += rest
        return result
    }

    /// The post's search entry: title, tags (and series name), summary and words of the text.
    func searchIndexEntry(_ post: Post, words: [String]) -> SearchIndex.Entry {
        var tags = post.frontMatter.tags
        if let series = post.frontMatter.series?.name { tags.append(series) }
        let summary = post.frontMatter.summary.isEmpty ? post.frontMatter.subtitle : post.frontMatter.summary
        return SearchIndex.Entry(title: post.title, url: Self.postPath(post.slug), date: post.date, tags: tags,
                                 summary: summary, words: words)
    }

    /// Values of `partials/series-nav`: the series page, the post's position and its neighbours.
    func seriesNavigation(for post: Post, root: String) -> [String: Any]? {
        guard let (series, position) = site.series.place(of: post) else { return nil }
        func link(_ other: Post) -> [String: Any] { ["title": other.title, "href": root + Self.postPath(other.slug)] }
        var values: [String: Any] = [
            "name": series.name, "href": root + SeriesIndex.path(series.slug),
            "position": position + 1, "count": series.posts.count,
        ]
        if position > 0 { values["previous"] = link(series.posts[position - 1]) }
        if position + 1 < series.posts.count { values["next"] = link(series.posts[position + 1]) }
        return values
    }
}

/// Numbers a post's exercises and writes the HTML around each one's Markdown: a section with
/// its title, and the solution in a `<details>` element, so it stays collapsed until opened
/// (no script needed).
struct ExerciseNumbering {
    private var count = 0
    private var solutionOpen = false

    mutating func html(for directive: RunDirective, anchors: inout SlugAllocator) -> String {
        switch directive.kind {
        case .exercise:
            count += 1
            solutionOpen = false
            let id = anchors.claim("exercise-\(count)")
            let title = directive.id.isEmpty ? "" : ": " + HTMLEscaping.escape(directive.id)
            return "<section class=\"exercise\" id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n"
                + "<p class=\"exercise-title\" id=\"\(id)-title\"><strong>Exercise \(count)</strong>\(title)</p>"
        case .solution:
            solutionOpen = true
            return "<details class=\"solution\">\n<summary>Solution</summary>"
        case .endExercise:
            defer { solutionOpen = false }
            return (solutionOpen ? "</details>\n" : "") + "</section>"
        case .run, .group:
            return ""
        }
    }
}

/// Links written from the site root (`/images/a.png`, as Jekyll posts do) made relative, so
/// the site still works from `file://` and from a subfolder.
enum RootLinks {
    /// `html` with `href="/…"` and `src="/…"` (not `//host`) starting with `root` instead.
    static func rewrite(_ html: String, root: String) -> String {
        guard html.containsBytes("=\"/") else { return html }
        var result = ""
        result.reserveCapacity(html.utf8.count + 32)
        var rest = html[...]
        while let found = rest.firstByteRange(of: "=\"/") {
            let before = rest[..<found.lowerBound]
            let after = rest[found.upperBound...]
            result += before
            if (before.hasSuffix(" href") || before.hasSuffix(" src")), !after.hasPrefix("/") {
                result += "=\"" + root
            } else {
                result += "=\"/"
            }
            rest = after
        }
        result += rest
        return result
    }
}
