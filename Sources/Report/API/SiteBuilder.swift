import Foundation

/// `report build`: loads content, renders every page, checks links, then writes the output folder.
public struct SiteBuilder {
    public var options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    /// Builds the site; nothing is written when content, templates or links are bad.
    @discardableResult
    public func build() throws -> BuildReport {
        var clock = PhaseClock()
        let output = OutputDirectory(url: options.outputDirectory)
        try output.checkSafe(protecting: [options.contentDirectory, options.templatesDirectory] + options.runDirectories)
        let templates = try TemplateSet(folder: options.templatesDirectory)
        let site = try ContentLoader(options: options).load()
        clock.lap("load")
        let files = try render(site, templates: templates)
        clock.lap("render")
        let broken = LinkChecker.check(files)
        guard broken.isEmpty else { throw ReportError.brokenLinks(broken) }
        clock.lap("check links")
        let removed = try output.write(files)
        clock.lap("write")
        return BuildReport(pages: files.keys.sorted(), warnings: site.warnings, removed: removed, phases: clock.laps)
    }

    /// Every output file in memory, keyed by path relative to the output folder.
    ///
    /// Pages render in parallel; each depends only on the loaded content, so the output is the same
    /// whatever the scheduling.
    func render(_ site: SiteContent, templates: TemplateSet) throws -> [String: Data] {
        let baseURL = options.baseURL ?? site.config.baseURL
        let renderer = PageRenderer(templates: templates, site: site, baseURL: baseURL)
        var citingPosts: [String: [Post]] = [:]
        var postDates: [String: String] = [:]
        for post in site.posts {
            postDates[PageRenderer.postPath(post.slug)] = post.date
            for id in Set(post.frontMatter.runs.map(\.id) + post.embeddedIDs) { citingPosts[id, default: []].append(post) }
        }
        var jobs: [(path: String, render: () -> Data)] = [
            ("index.html", renderer.homePage), ("archive.html", renderer.archivePage),
            ("runs.html", renderer.runsIndexPage), ("404.html", renderer.notFoundPage),
        ]
        jobs += site.posts.map { post in (PageRenderer.postPath(post.slug), { renderer.postPage(post) }) }
        jobs += site.runs.map { run in (renderer.runPath(run.id), { renderer.runPage(run, citedBy: citingPosts[run.id] ?? []) }) }
        jobs += site.groups.map { group in (renderer.groupPath(group.id), { renderer.groupPage(group) }) }
        let pages = ParallelMap.map(jobs.count) { jobs[$0].render() }
        var files: [String: Data] = ["style.css": templates.stylesheet]
        files.reserveCapacity(jobs.count + site.runs.count * RunArtifacts.knownFiles.count + 16)
        for (job, page) in zip(jobs, pages) { files[job.path] = page }
        files.merge(renderer.tagPages()) { new, _ in new }
        for run in site.runs { files.merge(renderer.runFiles(run)) { new, _ in new } }
        for group in site.groups { files.merge(try renderer.groupFiles(group)) { new, _ in new } }
        files["feed.xml"] = AtomFeed.render(posts: site.posts, config: site.config, baseURL: baseURL)
        files["sitemap.xml"] = Sitemap.render(pages: Array(files.keys), postDates: postDates, baseURL: baseURL)
        return files
    }
}

/// Wall-clock seconds of each build phase, for `report benchmark`.
struct PhaseClock {
    private(set) var laps: [(phase: String, seconds: Double)] = []
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap(_ phase: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        laps.append((phase, Double(now - last) / 1e9))
        last = now
    }
}
