import Foundation

/// Files that posts link to beside themselves (`img/a.png`, `../static/data.csv`, `/images/a.png`)
/// and that the build does not make: copied from the content folder to the same path in the
/// site, since a post's page sits at the same place under the site as its file under the content.
/// A path not found there is looked up in `static/` too, whose files Hugo serves from the site
/// root (`Content/static/img/a.png` for `/img/a.png`).
enum LinkedFiles {
    /// Copies the target of each broken link that exists under the content folder into `files`;
    /// returns the links that stay broken. A target that reaches outside the content folder
    /// through a symlink is refused.
    static func copy(_ broken: [BrokenLink], content: URL, into files: inout [String: Data]) throws -> [BrokenLink] {
        var copied = Set<String>(), missing = Set<String>()
        var remaining: [BrokenLink] = []
        for link in broken {
            guard let path = sitePath(of: link) else { remaining.append(link); continue }
            if copied.contains(path) { continue }
            if missing.contains(path) { remaining.append(link); continue }
            guard let file = [path, "static/" + path].map(content.appendingEntry).first(where: isRegularFile) else {
                missing.insert(path)
                remaining.append(link)
                continue
            }
            guard ContentPath.isInside(file, root: content) else {
                throw ReportError.pathEscapes(file: "\(link.page) (link `\(link.target)`)", path: ContentPath.resolved(file))
            }
            guard let data = try? Data(contentsOf: file) else {
                throw ReportError.io(path: file.path, problem: "cannot read the file \(link.page) links to")
            }
            files[path] = data
            copied.insert(path)
        }
        return remaining.map { link in
            guard let path = sitePath(of: link), link.reason.hasPrefix("no file") else { return link }
            var link = link
            link.reason += "; no file \(content.appendingEntry(path).path) (or under static/) to copy either"
            return link
        }
    }

    private static func isRegularFile(_ url: URL) -> Bool {
        var status = stat()
        return stat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// The site path a link points at, when it is a file path inside the site.
    static func sitePath(of link: BrokenLink) -> String? {
        let (path, _) = LinkChecker.split(link.target)
        guard !path.isEmpty, let resolved = LinkChecker.resolve(path, from: link.page),
              !resolved.isEmpty, !resolved.hasSuffix("/") else { return nil }
        return resolved
    }

    /// The links with `source` set to the post file and line that wrote them (the first line
    /// of the post holding the target), for links on post pages.
    static func locate(_ broken: [BrokenLink], posts: [Post]) -> [BrokenLink] {
        var byPage: [String: Post] = [:]
        for post in posts { byPage[PageRenderer.postPath(post.slug)] = post }
        var lines: [String: [Substring]] = [:]
        return broken.map { link in
            guard let post = byPage[link.page] else { return link }
            let body = lines[link.page] ?? post.frontMatter.body.split(separator: "\n", omittingEmptySubsequences: false)
            lines[link.page] = body
            let (path, _) = LinkChecker.split(link.target)
            let needles = [link.target, path, link.target.removingPercentEncoding ?? link.target].filter { !$0.isEmpty }
            var link = link
            for needle in needles {
                if let index = body.firstIndex(where: { $0.contains(needle) }) {
                    link.source = "\(post.source.path):\(post.frontMatter.bodyLine + index)"
                    break
                }
            }
            if link.source == nil { link.source = post.source.path }
            return link
        }
    }
}
