import Foundation

extension PageRenderer {
    /// Ids the post template itself uses; headings never take them.
    static let postTemplateIDs: Set<String> = ["main", "contents", "cited-runs"]

    /// The page of one post: notes with anchored headings, table of contents and embedded runs.
    func postPage(_ post: Post) -> Data {
        let root = "../"
        let (markdownText, placeholders) = RunDirective.substitutePlaceholders(post.frontMatter.body)
        var anchors = SlugAllocator(reserved: Self.postTemplateIDs)
        var embeds: [String: String] = [:]
        for (token, directive) in placeholders {
            switch directive.kind {
            case .run:
                guard var card = runCards[directive.id] else { continue }
                let anchor = card.context["anchor"] as! String
                let unique = anchors.claim(anchor)
                if unique != anchor {
                    card.context["anchor"] = unique
                    card.html = templates.render("partials/run-card", card.context)
                }
                embeds[token] = card.html
            case .group:
                guard let group = site.group(directive.id) else { continue }
                var context = groupContext(group, root: root)
                context["anchor"] = anchors.claim(context["anchor"] as! String)
                embeds[token] = templates.render("partials/group-card", context)
            }
        }
        let (tabled, tables) = PipeTable.substitute(markdownText, renderInline: markdown.renderInline)
        embeds.merge(tables) { first, _ in first }
        var (html, headings) = markdown.render(tabled, reservedIDs: anchors.used)
        if !embeds.isEmpty { html = Self.replacePlaceholders(in: html, with: embeds) }
        var cited: [[String: Any]] = []
        for citation in post.frontMatter.runs {
            if site.run(citation.id) != nil {
                cited.append(["id": citation.id, "href": root + runPath(citation.id), "kind": "run"])
            } else if site.group(citation.id) != nil {
                cited.append(["id": citation.id, "href": root + groupPath(citation.id), "kind": "sweep"])
            }
        }
        var context: [String: Any] = [
            "title": post.title, "date": post.date,
            "tags": tagLinks(post.frontMatter.tags, root: root),
            "html": html,
            "toc": headings.map { ["level": $0.level, "text": $0.text, "id": $0.id] },
            "hasToc": headings.count >= 2,
            "cited": cited, "hasCited": !cited.isEmpty,
        ]
        // Absent rather than empty: a Mustache section renders for any string, "" included.
        if !post.frontMatter.summary.isEmpty { context["summary"] = post.frontMatter.summary }
        return page("post", title: post.title,
                    description: post.frontMatter.summary.isEmpty ? nil : post.frontMatter.summary,
                    root: root, context: context)
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
}
