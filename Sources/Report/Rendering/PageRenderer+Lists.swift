import ArtifactSchema
import Foundation

extension PageRenderer {
    /// The home page: every post, newest first, with its thumbnail.
    func homePage() -> Data {
        page("home", title: "Posts", root: "", context: ["posts": site.posts.map { postListItem($0, root: "") }])
    }

    /// Tags in sorted order with their posts (newest first); tags that slug alike are merged.
    func tagIndex() -> [(slug: String, name: String, posts: [Post])] {
        var byTag: [String: (name: String, posts: [Post])] = [:]
        for post in site.posts {
            for tag in Set(post.frontMatter.tags.map(Slug.make)).sorted() {
                let name = post.frontMatter.tags.first { Slug.make($0) == tag }!
                byTag[tag, default: (name, [])].posts.append(post)
            }
        }
        return byTag.keys.sorted().map { (slug: $0, name: byTag[$0]!.name, posts: byTag[$0]!.posts) }
    }

    /// One page per tag, keyed by output path, plus the tag list page.
    func tagPages() -> [String: Data] {
        var pages: [String: Data] = [:]
        let index = tagIndex()
        let rendered = ParallelMap.map(index.count) { [self] position in
            let entry = index[position]
            return page("tag", title: "Tag \(entry.name)", root: "../",
                        context: ["tag": entry.name, "posts": entry.posts.map { postListItem($0, root: "../") }])
        }
        for (entry, html) in zip(index, rendered) { pages["tags/\(entry.slug).html"] = html }
        let tags = index.map { ["name": $0.name, "href": "tags/\($0.slug).html", "count": $0.posts.count] as [String: Any] }
        pages["tags.html"] = page("tags", title: "Tags", root: "", context: ["tags": tags])
        return pages
    }

    /// Posts grouped by year, newest first.
    func archivePage() -> Data {
        var years: [[String: Any]] = []
        var currentYear = ""
        var current: [[String: Any]] = []
        for post in site.posts {
            let year = String(post.date.prefix(4))
            if year != currentYear, !current.isEmpty {
                years.append(["year": currentYear, "posts": current])
                current = []
            }
            currentYear = year
            current.append(["title": post.title, "date": post.date, "href": Self.postPath(post.slug)])
        }
        if !current.isEmpty { years.append(["year": currentYear, "posts": current]) }
        return page("archive", title: "Archive", root: "", context: ["years": years])
    }

    /// Every run and sweep, cited or not.
    func runsIndexPage() -> Data {
        let runs = site.runs.map { run -> [String: Any] in
            ["id": run.id, "href": runPath(run.id), "kind": run.manifest.kind?.rawValue ?? "–",
             "status": run.manifest.status.rawValue, "unfinishedRun": run.isUnfinished,
             "batchSize": run.manifest.batchSize.map(String.init) ?? "–",
             "suggestion": suggestionSummary(run.manifest)]
        }
        let groups = site.groups.map { groupContext($0, root: "") }
        return page("runs", title: "All runs", root: "",
                    context: ["runs": runs, "groups": groups, "hasGroups": !groups.isEmpty])
    }

    func notFoundPage() -> Data {
        page("404", title: "Page not found", root: notFoundRoot, context: [:])
    }
}
