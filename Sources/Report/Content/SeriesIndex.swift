/// Posts grouped into courses by their `series` key, each in reading order.
struct SeriesIndex: Sendable {
    struct Series: Sendable {
        var name: String
        /// Page name under `series/`.
        var slug: String
        /// Posts in reading order: numbered parts first by number, then the rest oldest first.
        var posts: [Post]
    }

    /// Sorted by name slug.
    var series: [Series]
    /// Series position per post slug.
    private var membership: [String: (series: Int, position: Int)] = [:]

    /// Groups `posts`; a post claiming a part another post of its series already has is left
    /// out and returned with the error naming both files.
    init(posts: [Post], conflicts: inout [(post: Post, error: ReportError)]) {
        var byName: [String: (name: String, posts: [Post])] = [:]
        for post in posts {
            guard let member = post.frontMatter.series else { continue }
            byName[Slug.make(member.name), default: (member.name, [])].posts.append(post)
        }
        var found: [(post: Post, error: ReportError)] = []
        series = byName.keys.sorted().map { slug in
            let entry = byName[slug]!
            let sorted = entry.posts.sorted { lhs, rhs in
                let left = lhs.frontMatter.series?.part ?? Int.max, right = rhs.frontMatter.series?.part ?? Int.max
                if left != right { return left < right }
                return lhs.date != rhs.date ? lhs.date < rhs.date : lhs.slug < rhs.slug
            }
            var ordered: [Post] = []
            for post in sorted {
                if let part = post.frontMatter.series?.part, let owner = ordered.last(where: { $0.frontMatter.series?.part == part }) {
                    found.append((post, ReportError.frontMatter(
                        file: post.source.path, line: post.frontMatter.series!.line,
                        problem: "part \(part) of series `\(entry.name)` is also claimed by \(owner.source.path); give each post its own `part`")))
                    continue
                }
                ordered.append(post)
            }
            return Series(name: entry.name, slug: slug, posts: ordered)
        }
        conflicts = found
        for (seriesIndex, entry) in series.enumerated() {
            for (position, post) in entry.posts.enumerated() { membership[post.slug] = (seriesIndex, position) }
        }
    }

    /// No series at all.
    init() {
        series = []
    }

    /// The series a post belongs to and its 0-based position there.
    func place(of post: Post) -> (series: Series, position: Int)? {
        membership[post.slug].map { (series[$0.series], $0.position) }
    }

    static func path(_ slug: String) -> String { "series/\(slug).html" }
}
