import ArtifactSchema
import Foundation

/// Reads posts, runs, groups and site.yml from disk and checks that every citation resolves.
struct ContentLoader {
    var options: BuildOptions

    /// Loads and cross-checks all content; with `keepGoing`, bad items become warnings instead of errors.
    func load() throws -> SiteContent {
        let content = options.contentDirectory
        let config = try SiteConfig.load(from: content.appendingEntry("site.yml"))
        var warnings: [String] = []
        func handle(_ error: Error) throws {
            guard options.keepGoing else { throw error }
            warnings.append("skipped: \(error)")
        }
        var runs: [RunArtifacts] = []
        var groups: [GroupArtifacts] = []
        var seenRuns: [String: String] = [:]
        var roots = [content.appendingEntry("runs")]
        roots += options.runDirectories
        let folders = roots.filter(ContentPath.isDirectory).flatMap { root in
            ContentPath.sortedEntries(of: root).map { (root: root, name: $0) }
        }
        // Reading and validating folders is independent; duplicates and errors are then handled in order.
        let loaded = ParallelMap.map(folders.count) { index in
            Result { try Self.loadFolder(folders[index].name, of: folders[index].root) }
        }
        for result in loaded {
            do {
                switch try result.get() {
                case .run(let run):
                    if let first = seenRuns[run.id] {
                        throw ReportError.duplicateRun(id: run.id, first: first, second: run.folder.path)
                    }
                    seenRuns[run.id] = run.folder.path
                    runs.append(run)
                case .group(let group): groups.append(group)
                case nil: break
                }
            } catch { try handle(error) }
        }
        var site = SiteContent(config: config, posts: [], runs: runs, groups: groups)
        for group in site.groups {
            for id in group.manifest.runs where site.run(id) == nil {
                try handle(ReportError.runArtifact(
                    file: group.folder.appendingEntry(GroupFiles.manifest).path,
                    problem: "lists run `\(id)`, which is not in any runs folder"))
            }
        }
        site.posts = try loadPosts(site: site, handle: handle)
        var conflicts: [(post: Post, error: ReportError)] = []
        site.series = SeriesIndex(posts: site.posts, conflicts: &conflicts)
        if !conflicts.isEmpty {
            for conflict in conflicts { try handle(conflict.error) }
            let dropped = Set(conflicts.map(\.post.slug))
            site.posts.removeAll { dropped.contains($0.slug) }
            site.series = SeriesIndex(posts: site.posts, conflicts: &conflicts)
        }
        site.warnings = warnings
        return site
    }

    private func loadPosts(site: SiteContent, handle: (Error) throws -> Void) throws -> [Post] {
        let postsFolder = options.contentDirectory.appendingEntry("posts")
        var posts: [Post] = []
        var slugOwners: [String: String] = [:]
        let names = ContentPath.sortedEntries(of: postsFolder).filter { $0.hasSuffix(".md") }
        let folderInside = ContentPath.isInside(postsFolder, root: options.contentDirectory)
        let parsed = ParallelMap.map(names.count) { index in
            Result { try loadPost(names[index], in: postsFolder, folderInside: folderInside, site: site) }
        }
        for result in parsed {
            do {
                guard let post = try result.get() else { continue }
                let file = post.source
                if let first = slugOwners[post.slug] {
                    throw ReportError.duplicateSlug(slug: post.slug, first: first, second: file.path)
                }
                slugOwners[post.slug] = file.path
                posts.append(post)
            } catch { try handle(error) }
        }
        // Sorting positions by small keys moves no Post around while comparing.
        let keys = posts.map { (date: $0.date, slug: $0.slug) }
        let order = keys.indices.sorted { Post.newestFirst(keys[$0], keys[$1]) }
        return order.map { posts[$0] }
    }

    private enum Folder {
        case run(RunArtifacts)
        case group(GroupArtifacts)
    }

    /// A run folder (has run.json), a group folder (has group.json) or nil for anything else.
    private static func loadFolder(_ name: String, of root: URL) throws -> Folder? {
        let folder = try ContentPath.child(name, of: root, citedIn: root.path)
        guard ContentPath.isDirectory(folder) else { return nil }
        if FileManager.default.fileExists(atPath: folder.appendingEntry(RunFiles.manifest).path) {
            return .run(try RunArtifacts.load(from: folder))
        }
        if FileManager.default.fileExists(atPath: folder.appendingEntry(GroupFiles.manifest).path) {
            return .group(try GroupArtifacts.load(from: folder))
        }
        return nil
    }

    /// One post file parsed and its citations checked; nil for a draft left out.
    /// `folderInside` says whether `postsFolder` itself resolves inside the content folder.
    private func loadPost(_ name: String, in postsFolder: URL, folderInside: Bool, site: SiteContent) throws -> Post? {
        let file = postsFolder.appendingEntry(name)
        let inside = ContentPath.isSymbolicLink(file) ? ContentPath.isInside(file, root: options.contentDirectory) : folderInside
        guard inside else {
            throw ReportError.pathEscapes(file: file.path, path: ContentPath.resolved(file))
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw ReportError.io(path: file.path, problem: "cannot read the post as UTF-8 text")
        }
        var frontMatter = try FrontMatter.parse(text, file: file.path)
        if frontMatter.draft && !options.includeDrafts { return nil }
        let lookup = ValueLookup(site: site, file: file.path)
        let values = try ValueDirective.substitute(frontMatter.body, firstLine: frontMatter.bodyLine, file: file.path,
                                                   resolve: lookup.resolve)
        frontMatter.body = values.markdown
        var post = Post(frontMatter: frontMatter, slug: Post.slug(for: frontMatter, fileName: name), source: file)
        post.embeddedIDs = try checkCitations(frontMatter, file: file.path, site: site)
        for id in values.directives.map(\.id) where !post.embeddedIDs.contains(id) { post.embeddedIDs.append(id) }
        if let image = frontMatter.image { post.imagePath = try resolveImage(image.path, line: image.line, post: file) }
        return post
    }

    /// The site path of a post's `image`: relative to the post, or (as fastpages writes it,
    /// `images/x.png` or `/images/x.png`) from the content folder; an absolute URL is kept.
    private func resolveImage(_ path: String, line: Int, post file: URL) throws -> String {
        if path.contains("://") || path.hasPrefix("//") { return path }
        let location = "\(file.path):\(line)"
        let fromRoot = LinkChecker.resolve(String(path.drop { $0 == "/" }), from: "index.html")
        let beside = path.hasPrefix("/") ? nil : LinkChecker.resolve(path, from: "posts/\(file.lastPathComponent)")
        let candidates = [beside, fromRoot].compactMap { $0 }.filter { !$0.isEmpty }
        guard !candidates.isEmpty else { throw ReportError.pathEscapes(file: location, path: path) }
        for candidate in candidates {
            let url = options.contentDirectory.appendingEntry(candidate)
            guard FileManager.default.fileExists(atPath: url.path), !ContentPath.isDirectory(url) else { continue }
            guard ContentPath.isInside(url, root: options.contentDirectory) else {
                throw ReportError.pathEscapes(file: location, path: path)
            }
            return candidate
        }
        let looked = candidates.map { options.contentDirectory.appendingEntry($0).path }.joined(separator: " or ")
        throw ReportError.io(path: location, problem: "the `image` \(path) does not exist (looked for \(looked)); put the picture there or fix the path")
    }

    /// Every id in `runs:` and in `{{< run >}}` / `{{< group >}}` lines must name loaded content; returns the embedded ids.
    private func checkCitations(_ frontMatter: FrontMatter, file: String, site: SiteContent) throws -> [String] {
        var cited = frontMatter.runs.map { (kind: RunDirective.Kind?.none, id: $0.id, line: $0.line) }
        let directives = try RunDirective.scan(frontMatter.body, firstLine: frontMatter.bodyLine, file: file)
        try RunDirective.checkExercises(directives, file: file)
        for directive in directives where directive.kind.cites { cited.append((directive.kind, directive.id, directive.line)) }
        for citation in cited {
            guard ContentPath.isPlainName(citation.id) else {
                throw ReportError.pathEscapes(file: "\(file):\(citation.line)", path: citation.id)
            }
            let known: Bool
            switch citation.kind {
            case .run: known = site.run(citation.id) != nil
            case .group: known = site.group(citation.id) != nil
            case nil: known = site.run(citation.id) != nil || site.group(citation.id) != nil
            default: known = true
            }
            if !known {
                throw ReportError.unknownRun(file: file, line: citation.line, id: citation.id,
                                             closeMatches: CloseMatches.find(citation.id, in: site.citableIDs))
            }
        }
        return directives.filter(\.kind.cites).map(\.id)
    }
}
