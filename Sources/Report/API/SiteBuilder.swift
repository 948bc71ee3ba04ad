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
        var files = try render(site, templates: templates)
        clock.lap("render")
        var broken = LinkChecker.check(files)
        if !broken.isEmpty {
            broken = try LinkedFiles.copy(broken, content: options.contentDirectory, into: &files)
        }
        guard broken.isEmpty else { throw ReportError.brokenLinks(LinkedFiles.locate(broken, posts: site.posts)) }
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
        func plain(_ render: @escaping @Sendable () -> Data) -> @Sendable () -> RenderedPost {
            { RenderedPost(page: render(), searchEntry: nil, hasMath: false) }
        }
        let citations = citingPosts
        var jobs: [(path: String, render: @Sendable () -> RenderedPost)] = [
            ("index.html", plain(renderer.homePage)), ("archive.html", plain(renderer.archivePage)),
            ("runs.html", plain(renderer.runsIndexPage)), ("404.html", plain(renderer.notFoundPage)),
            ("search.html", plain(renderer.searchPage)),
        ]
        jobs += site.posts.map { post in (PageRenderer.postPath(post.slug), { renderer.postPage(post) }) }
        jobs += site.runs.map { run in (renderer.runPath(run.id), plain { renderer.runPage(run, citedBy: citations[run.id] ?? []) }) }
        jobs += site.groups.map { group in (renderer.groupPath(group.id), plain { renderer.groupPage(group) }) }
        let renderJobs = jobs
        let pages = ParallelMap.map(renderJobs.count) { renderJobs[$0].render() }
        var files: [String: Data] = ["style.css": templates.stylesheet]
        files.reserveCapacity(jobs.count + site.runs.count * RunArtifacts.knownFiles.count + 16)
        for (name, script) in templates.scripts { files[SiteScripts.path(name)] = script }
        for (job, page) in zip(jobs, pages) { files[job.path] = page.page }
        files[SearchIndexFile.path] = SearchIndex(entries: pages.compactMap(\.searchEntry)).script()
        if let index = pages.firstIndex(where: \.hasMath) {
            let post = site.posts.first { PageRenderer.postPath($0.slug) == jobs[index].path }
            files.merge(try KaTeXAssets.files(from: options.katexDirectory, usedBy: post?.source.path ?? jobs[index].path)) { new, _ in new }
        }
        files.merge(renderer.tagPages()) { new, _ in new }
        files.merge(renderer.seriesPages()) { new, _ in new }
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
